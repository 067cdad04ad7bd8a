-- Registering an appeal on PostgreSQL in one statement (registration.py): reads
-- the building, the newest open repeat and the caller, then writes a new caller,
-- a nameless caller's name, their address, the appeal with its number, its
-- history entry and the audit row. :citizen_id names the caller when several
-- citizens share the phone (registration.py chooses by name); with it NULL and
-- several found, nothing is written and callers_found says so. Executor: by the
-- building's district from :executors ({district: id}), else :default_executor_id.
WITH building AS (
    SELECT id, street, house, district FROM buildings WHERE id = :building_id
),
repeat AS (
    SELECT a.id, a.number FROM appeals a
    WHERE a.building_id = :building_id AND a.problem_id = :problem_id
      AND a.status IN ('registered', 'in_work', 'awaiting_verification')
    ORDER BY a.created_at DESC, a.id DESC
    LIMIT 1
),
callers AS (
    SELECT c.id, c.full_name FROM citizens c
    WHERE CAST(:citizen_id AS integer) IS NULL
      AND c.id IN (SELECT citizen_id FROM citizen_phones WHERE phone = :phone)
    ORDER BY c.id
    LIMIT 2
),
chosen AS (
    SELECT id, full_name FROM citizens WHERE id = CAST(:citizen_id AS integer)
    UNION ALL
    SELECT id, full_name FROM callers WHERE (SELECT count(*) FROM callers) = 1
),
new_citizen AS (
    INSERT INTO citizens (full_name, created_at)
    SELECT CAST(:full_name AS text), :now FROM building
    WHERE CAST(:citizen_id AS integer) IS NULL AND NOT EXISTS (SELECT 1 FROM callers)
    RETURNING id, full_name
),
new_phone AS (
    INSERT INTO citizen_phones (citizen_id, phone) SELECT id, :phone FROM new_citizen
),
renamed AS (
    UPDATE citizens SET full_name = CAST(:full_name AS text)
    WHERE id = (SELECT id FROM chosen WHERE full_name = '')
      AND CAST(:full_name AS text) <> '' AND EXISTS (SELECT 1 FROM building)
    RETURNING full_name
),
caller AS (
    SELECT id, coalesce((SELECT full_name FROM renamed), full_name) AS full_name FROM chosen
    UNION ALL
    SELECT id, full_name FROM new_citizen
),
address AS (
    INSERT INTO citizen_addresses (citizen_id, building_id, flat)
    SELECT caller.id, building.id, CAST(:flat AS varchar) FROM caller, building
    WHERE NOT EXISTS (SELECT 1 FROM citizen_addresses known
                      WHERE known.citizen_id = caller.id AND known.building_id = building.id
                        AND known.flat IS NOT DISTINCT FROM CAST(:flat AS varchar))
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
           caller.id, :callback_phone, :channel, :status, :problem_id, building.id, :flat,
           :entrance, :description,
           coalesce((CAST(:executors AS jsonb) ->> building.district)::integer,
                    CAST(:default_executor_id AS integer)),
           :deadline, :now, :now, 0, (SELECT id FROM repeat), :sip_call_id, :operator_id,
           :api_key_id
    FROM new_id, caller, building
    RETURNING id, number, citizen_id, executor_id
),
history AS (
    INSERT INTO appeal_status_history (appeal_id, at, from_status, to_status, by, comment)
    SELECT id, :now, NULL, :status, :actor, NULL FROM appeal
),
audited AS (
    INSERT INTO audit_log (at, actor, action, entity, entity_id, detail)
    SELECT :now, :actor, 'appeal_created', 'appeal', id::text,
           json_build_object('repeat_of', (SELECT id FROM repeat))
    FROM appeal
)
SELECT appeal.id AS appeal_id, appeal.number, appeal.executor_id, caller.id AS citizen_id,
       caller.full_name,
       CASE WHEN EXISTS (SELECT 1 FROM new_citizen) THEN ARRAY[CAST(:phone AS text)]
            ELSE (SELECT array_agg(phone ORDER BY id) FROM citizen_phones
                  WHERE citizen_id = caller.id) END AS phones,
       building.id, building.street, building.house, building.district,
       (SELECT id FROM repeat) AS repeat_id, (SELECT number FROM repeat) AS repeat_number,
       (SELECT count(*) FROM callers) AS callers_found
FROM (SELECT 1) AS one
LEFT JOIN appeal ON true
LEFT JOIN caller ON caller.id = appeal.citizen_id
LEFT JOIN building ON true
