-- Practice plans become append-only, like observations and concerns: `coaching_plan_events` is
-- the only record of where a plan stands, and the view `practice_plans` (views.sql) reads each
-- plan's current step and role-play date from it. Until now `coaching_plans.status` and
-- `practised_at` were updated in place next to the events, and the two could disagree (a plan
-- moved on with only its 'planned' event, say).
--
-- First every plan's history is made to end on its status, so that an existing database keeps
-- every plan's current step. A plan whose latest event is behind its status gets an event for
-- each step between the two, one statement per step so that its events keep the order of the
-- steps; 'practised' only when the plan has a role-play date (the pipeline's inspection moves a
-- plan on without one). A plan whose latest event still disagrees with its status gets one more
-- event with the status. Then the two columns go.

CREATE TEMP MACRO plan_step_rank(step) AS
    list_position(['planned', 'practised', 'applied', 'inspected'], step);

CREATE TEMP MACRO missing_step_events(step) AS TABLE
    SELECT p.plan_id, step AS status,
           CASE step WHEN 'planned' THEN CAST(p.created_at AS DATE)
                     WHEN 'practised' THEN CAST(p.practised_at AS DATE) END AS happened_on,
           'recorded from the plan''s status (migration 008)' AS note,
           'coachloop' AS recorded_by
    FROM coaching_plans p
    WHERE plan_step_rank(step) <= plan_step_rank(p.status)
      AND plan_step_rank(step) > coalesce(
              (SELECT plan_step_rank(arg_max(e.status, e.event_id)) FROM coaching_plan_events e
               WHERE e.plan_id = p.plan_id), 0)
      AND (step <> 'practised' OR p.practised_at IS NOT NULL);

INSERT INTO coaching_plan_events (plan_id, status, happened_on, note, recorded_by)
SELECT * FROM missing_step_events('planned');
INSERT INTO coaching_plan_events (plan_id, status, happened_on, note, recorded_by)
SELECT * FROM missing_step_events('practised');
INSERT INTO coaching_plan_events (plan_id, status, happened_on, note, recorded_by)
SELECT * FROM missing_step_events('applied');
INSERT INTO coaching_plan_events (plan_id, status, happened_on, note, recorded_by)
SELECT * FROM missing_step_events('inspected');

INSERT INTO coaching_plan_events (plan_id, status, note, recorded_by)
SELECT p.plan_id, p.status, 'recorded from the plan''s status (migration 008)', 'coachloop'
FROM coaching_plans p
WHERE p.status IS DISTINCT FROM (SELECT arg_max(e.status, e.event_id) FROM coaching_plan_events e
                                 WHERE e.plan_id = p.plan_id);

DROP MACRO TABLE missing_step_events;
DROP MACRO plan_step_rank;

ALTER TABLE coaching_plans DROP COLUMN status;
ALTER TABLE coaching_plans DROP COLUMN practised_at;
