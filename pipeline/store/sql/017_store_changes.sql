-- Which reps' data each write transaction of a process other than the web server changed
-- (pipeline/store/changes.py): rep_id NULL when it may change any page (accounts, teams, the
-- roster, a run's record). The web server reads the rows added while it had the file closed and
-- reads again only the pages of the teams whose data changed.
CREATE SEQUENCE store_change_seq;
CREATE TABLE store_changes (
    change_id  BIGINT PRIMARY KEY DEFAULT nextval('store_change_seq'),
    changed_at TIMESTAMP DEFAULT current_timestamp,
    rep_id     VARCHAR
);
