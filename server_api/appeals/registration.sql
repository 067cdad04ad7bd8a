-- Registering an appeal on PostgreSQL: every write in one statement (registration.py).
-- A caller not yet known (citizen_id NULL) is created with their phone; a known one
-- may get the name they gave (rename) and this building as an address (add_address).
-- The appeal's number comes from the id the sequence gives; its first history entry
-- and the audit row go in with it.
WITH new_citizen AS (
    INSERT INTO citizens (full_name, created_at)
    SELECT :full_name, :now WHERE CAST(:citizen_id AS integer) IS NULL
    RETURNING id
),
new_phone AS (
    INSERT INTO citizen_phones (citizen_id, phone) SELECT id, :phone FROM new_citizen
),
renamed AS (
    UPDATE citizens SET full_name = :full_name
    WHERE id = CAST(:citizen_id AS integer) AND CAST(:rename AS boolean)
),
caller AS (
    SELECT id FROM new_citizen
    UNION ALL
    SELECT CAST(:citizen_id AS integer) WHERE CAST(:citizen_id AS integer) IS NOT NULL
),
address AS (
    INSERT INTO citizen_addresses (citizen_id, building_id, flat)
    SELECT id, :building_id, :flat FROM caller WHERE CAST(:add_address AS boolean)
    ON CONFLICT DO NOTHING  -- the same caller registering from two desks at once
),
new_id AS (
    SELECT nextval(pg_get_serial_sequence('appeals', 'id')) AS id
),
appeal AS (
    INSERT INTO appeals (id, number, citizen_id, callback_phone, channel, status, problem_id,
                         building_id, flat, entrance, description, executor_id, deadline,
                         created_at, updated_at, rework_count, repeat_of_id, sip_call_id,
                         operator_id, api_key_id)
    SELECT new_id.id,
           :number_prefix || CASE WHEN new_id.id < 1000000 THEN lpad(new_id.id::text, 6, '0')
                                  ELSE new_id.id::text END,
           caller.id, :callback_phone, :channel, :status, :problem_id, :building_id, :flat,
           :entrance, :description, :executor_id, :deadline, :now, :now, 0, :repeat_of_id,
           :sip_call_id, :operator_id, :api_key_id
    FROM new_id, caller
    RETURNING id, number, citizen_id
),
history AS (
    INSERT INTO appeal_status_history (appeal_id, at, from_status, to_status, by, comment)
    SELECT id, :now, NULL, :status, :actor, NULL FROM appeal
),
audited AS (
    INSERT INTO audit_log (at, actor, action, entity, entity_id, detail)
    SELECT :now, :actor, 'appeal_created', 'appeal', id::text, CAST(:audit_detail AS json)
    FROM appeal
)
SELECT id, number, citizen_id FROM appeal
