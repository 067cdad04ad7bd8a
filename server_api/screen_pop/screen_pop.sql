-- The screen pop on PostgreSQL: one statement, one round trip (service.py reads it).
-- The same lookups, limits and order as service.py's portable path; each part
-- comes back as JSON (appeals and outages as objects keyed by column), and the
-- audit row is written here too. Comments and line breaks are dropped before it is
-- sent: under 4 kB, psycopg keeps its parsed form instead of parsing it per call.
-- The open statuses are spelled as the partial index ix_appeals_open_building_created
-- spells them, so that index serves the neighbours' appeals.
WITH callers AS (
    SELECT c.id, c.full_name
    FROM citizens c
    WHERE c.id IN (SELECT citizen_id FROM citizen_phones WHERE phone = :phone)
    ORDER BY c.id
    LIMIT 10
),
homes AS (
    SELECT ca.citizen_id, ca.id AS address_id, b.id, b.street, b.house, b.district
    FROM citizen_addresses ca
    JOIN buildings b ON b.id = ca.building_id
    WHERE ca.citizen_id IN (SELECT id FROM callers)
),
own AS (
    SELECT a.id, a.created_at, a.building_id
    FROM appeals a
    WHERE a.citizen_id IN (SELECT id FROM callers)
    ORDER BY a.created_at DESC, a.id DESC
    LIMIT :pop_appeals
),
-- The caller's buildings in first-mention order: homes (by citizen, then address),
-- then the buildings of their appeals, newest first.
places AS (
    SELECT id, district, min(mention) AS mention
    FROM (
        SELECT id, district, row_number() OVER (ORDER BY citizen_id, address_id) AS mention
        FROM homes
        UNION ALL
        SELECT o.building_id, b.district,
               1000 + row_number() OVER (ORDER BY o.created_at DESC, o.id DESC)
        FROM own o JOIN buildings b ON b.id = o.building_id
    ) mentioned
    GROUP BY id, district
),
nearby AS (
    SELECT n.id, n.created_at
    FROM (SELECT id FROM places ORDER BY mention LIMIT :pop_buildings) wanted
    CROSS JOIN LATERAL (
        SELECT a.id, a.created_at
        FROM appeals a
        WHERE a.building_id = wanted.id
          AND a.status IN ('registered', 'in_work', 'awaiting_verification')
          AND a.citizen_id NOT IN (SELECT id FROM callers)
        ORDER BY a.created_at DESC
        LIMIT :pop_appeals
    ) n
    ORDER BY n.created_at DESC, n.id DESC
    LIMIT :pop_appeals
),
-- Both lists' appeals with what a brief shows, joined once.
briefs AS (
    SELECT picked.part, a.id, a.number, a.status, a.flat, a.entrance, a.created_at,
           a.deadline, a.description, a.citizen_id, p.code AS problem_code,
           p.name AS problem_name, s.name AS sphere_name, b.id AS building_id, b.street,
           b.house, b.district, e.name AS executor_name
    FROM (SELECT 'own' AS part, id FROM own UNION ALL SELECT 'nearby', id FROM nearby) picked
    JOIN appeals a ON a.id = picked.id
    JOIN problems p ON p.id = a.problem_id
    JOIN spheres s ON s.id = p.sphere_id
    JOIN buildings b ON b.id = a.building_id
    LEFT JOIN executors e ON e.id = a.executor_id
),
-- Buildings and executors per outage row (LATERAL): a join let the planner hash all
-- 25,000 buildings for the few outages found.
outs AS (
    SELECT o.id, o.kind, o.service, o.building_id, ob.street, ob.house,
           ob.district AS building_district, o.district, o.starts_at, o.ends_at,
           o.description, oe.name AS executor_name
    FROM (
        SELECT * FROM outages
        WHERE (building_id IN (SELECT id FROM places)
               OR (district IN (SELECT district FROM places) AND building_id IS NULL))
          AND ends_at > :now
        ORDER BY starts_at, id
        LIMIT 50
    ) o
    LEFT JOIN LATERAL (SELECT street, house, district FROM buildings
                       WHERE id = o.building_id) ob ON true
    LEFT JOIN LATERAL (SELECT name FROM executors WHERE id = o.executor_id) oe ON true
),
topics AS (
    SELECT 'service:' || service AS topic FROM outs
    UNION SELECT 'problem:' || problem_code FROM briefs
),
audited AS (
    INSERT INTO audit_log (at, actor, action, entity, entity_id, detail)
    SELECT :now, :actor, 'screen_pop', 'citizen', (SELECT min(id)::text FROM callers),
           json_build_object('phone', CAST(:masked_phone AS text),
                             'citizens', (SELECT coalesce(json_agg(id ORDER BY id), '[]')
                                          FROM callers))
)
SELECT
    (SELECT coalesce(json_agg(json_build_array(id, full_name) ORDER BY id), '[]')
     FROM callers) AS callers,
    (SELECT coalesce(json_agg(json_build_array(ph.citizen_id, ph.phone)
                              ORDER BY ph.citizen_id, ph.id), '[]')
     FROM citizen_phones ph WHERE ph.citizen_id IN (SELECT id FROM callers)) AS phones,
    (SELECT coalesce(json_agg(json_build_array(citizen_id, id, street, house, district)
                              ORDER BY citizen_id, address_id), '[]')
     FROM homes) AS homes,
    (SELECT coalesce(json_agg(to_jsonb(b) - 'part' ORDER BY b.created_at DESC, b.id DESC), '[]')
     FROM briefs b WHERE b.part = 'own') AS own,
    (SELECT coalesce(json_agg(to_jsonb(b) - 'part' ORDER BY b.created_at DESC, b.id DESC), '[]')
     FROM briefs b WHERE b.part = 'nearby') AS nearby,
    (SELECT coalesce(json_agg(x ORDER BY x.starts_at, x.id), '[]') FROM outs x) AS outages,
    (SELECT coalesce(json_agg(json_build_array(
                sg.topic, sg.rank, k.id, k.title, k.sphere, substr(k.body, 1, :snippet_chars))),
                '[]')
     FROM kb_suggestions sg
     JOIN kb_articles k ON k.id = sg.article_id
     WHERE sg.topic IN (SELECT topic FROM topics)) AS suggested
