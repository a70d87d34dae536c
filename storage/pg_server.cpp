// Setting up a shared server (pg_server.h): the group roles, rights, row-level security, the
// client views and the triggers that keep separation of duties in the server.
#include "storage/pg_server.h"

#include "forms/error.h"
#include "storage/pg_common.h"
#include "storage/pg_store.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

namespace vs::storage {
namespace {

// The version of the rules below, recorded as visitscore_meta's server_rules by init, which
// replaces the functions, policies and views of any earlier version in place (running
// `server init` again on a server set up before brings it up to date):
//   1  roles, rights, row-level security, client views, the review and audit rules;
//   2  an admin approves a visit they submitted only where allow_self_approval is set;
//   3  assignments, their fees and shopper exclusions (schema version 3);
//   4  assignments' audit entries (schema version 4); a shopper reads only the scorecards
//      their assignments name or their visits use;
//   5  disputes (schema version 5): a client's account opens and reads its own client's on
//      approved visits, staff open on a client's behalf and decide, never on a visit they
//      approved; a shopper has no right on them;
//   6  action plans (schema version 7): the staff open and edit them; a client's account reads
//      its own client's and changes only their actions and state, never to or from verified;
//      a shopper has no right on them; the server keeps each plan's row version;
//   7  alerts (schema version 6): the staff raise, read and deliver notifications and set the
//      addresses (an admin); a client's account reads its own client's notifications, marks
//      them read and raises only the notice of a dispute it opened; a shopper has none;
//   8  a client's account raises no notification and writes no e-mail (it could choose their
//      texts, recipients and event keys): the staff's delivery run raises the notice of a
//      dispute point a client opened; action plans: the states' order for every non-admin,
//      and a non-admin's changes audited by the server as the connected account (only an
//      admin calls the append function).
//   9  a reviewer saves and removes a client's survey CSV column mapping (the settings keyed
//      survey_mapping.*, docs/survey-import.md); every other setting stays the admin's.
//  10  a customer survey response is not disputed (only mystery visits are); a client's or a
//      shopper's account reads only the settings its app needs (a whitelist: no survey
//      mappings, no other client's alert rules, no SMTP configuration).
//  11  a client's account reads a customer survey response without a shopper (the placeholder
//      shopper only on mystery visits, which have one).
//  12  a client's account reads visits' free text (summary, text answers, comments) with its
//      shoppers' codes and names typed in it as '[shopper]', and its staff's as their
//      pseudonyms where it reads staff pseudonymised; a customer survey response names no
//      shopper and every other visit names one, whoever writes it.
//  13  the same for what the staff write and a client's account reads: its dispute points,
//      action plans and notifications (views of their own; the tables' free text columns no
//      longer its to read); where it reads its staff pseudonymised, a staff member's first name
//      alone (unique in the branch, as the workbook's redactor finds it) reads as their
//      pseudonym in all of these texts and the visits'; its photos' file names read "photo-N".
//  14  read marks per account (schema version 12): each account marks and reads only its own
//      (notification_reads); a client's account no longer writes the notification's read_at,
//      which the server keeps as the first time anyone read it, and reads its own mark in its
//      place.
constexpr int kServerRulesVersion = 14;

// The settings any account may read: what the app and the CLI read as a client or a shopper
// (self-approval, fees, the lockout, the dispute rules). A client's account reads its own
// client's alert rules and the action-plan, recognition and voice settings besides.
#define VS_READABLE_SETTINGS                                                                       \
    "key IN ('allow_self_approval', 'fees.default_cents', 'fees.currency', "                       \
    "'assignments.lockout_days', 'dispute.deadline_days', 'dispute.max_per_visit')"

// The role of the connected account in this database: a superuser is an admin; anyone else is
// what server_accounts says (nothing when not recorded). The helpers run with their owner's
// rights, so that policies can read the mapping whatever the caller may read.
constexpr const char* kHelpers = R"SQL(
CREATE TABLE IF NOT EXISTS server_accounts (
    account      TEXT PRIMARY KEY,
    role         TEXT NOT NULL CHECK (role IN ('admin', 'reviewer', 'shopper', 'client')),
    client_id    BIGINT REFERENCES clients(id),
    shopper_code TEXT,
    added_at     TEXT NOT NULL
                 DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
    added_by     TEXT NOT NULL DEFAULT session_user,
    CHECK (role <> 'client' OR client_id IS NOT NULL),
    CHECK (role <> 'shopper' OR shopper_code IS NOT NULL)
);
CREATE TABLE IF NOT EXISTS server_clients (
    client_id          BIGINT PRIMARY KEY REFERENCES clients(id),
    pseudonymise_staff BOOLEAN NOT NULL DEFAULT FALSE,
    withhold_photos    BOOLEAN NOT NULL DEFAULT FALSE
);
-- Who made each visit's last submission, as the server saw it (visitscore_visit_rules): the
-- approval check holds even when a submission wrote no audit entry. Only the trigger writes it.
CREATE TABLE IF NOT EXISTS server_submissions (
    visit_id BIGINT PRIMARY KEY REFERENCES visits(id) ON DELETE CASCADE,
    account  TEXT NOT NULL
);
REVOKE ALL ON server_submissions FROM PUBLIC;
ALTER TABLE server_submissions ENABLE ROW LEVEL SECURITY;
INSERT INTO server_accounts (account, role) VALUES (session_user, 'admin')
    ON CONFLICT (account) DO NOTHING;

CREATE OR REPLACE FUNCTION visitscore_account_role() RETURNS TEXT
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT CASE WHEN (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) THEN 'admin'
                ELSE (SELECT role FROM server_accounts WHERE account = session_user) END
$$;
CREATE OR REPLACE FUNCTION visitscore_account_client() RETURNS BIGINT
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT client_id FROM server_accounts WHERE account = session_user AND role = 'client'
$$;
CREATE OR REPLACE FUNCTION visitscore_account_shoppers() RETURNS BIGINT[]
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT coalesce(array_agg(s.id), '{}') FROM server_accounts a
        JOIN shoppers s ON s.code = a.shopper_code
                       AND (a.client_id IS NULL OR s.client_id = a.client_id)
        WHERE a.account = session_user AND a.role = 'shopper'
$$;

-- Who an audit entry says wrote it, called by visitscore_append_audit (pg_schema.cpp): the
-- connected account for everyone but an admin; refused for accounts that change no visits, for
-- a purge by anyone but an admin, and for a shopper's entry on a visit not theirs.
CREATE OR REPLACE FUNCTION visitscore_audit_author(p_visit BIGINT, p_who TEXT, p_action TEXT)
    RETURNS TEXT LANGUAGE plpgsql STABLE SET search_path = public, pg_temp AS $$
DECLARE
    v_role TEXT := visitscore_account_role();
BEGIN
    IF v_role = 'admin' THEN
        RETURN p_who;
    END IF;
    IF v_role IS NULL OR v_role = 'client' THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = format('the account %s may not change visits in this database',
                             session_user);
    END IF;
    IF p_action = 'purge' THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = format('only an admin purges personal data; %s is a %s', session_user,
                             v_role);
    END IF;
    IF v_role = 'shopper' AND NOT EXISTS (
            SELECT 1 FROM visits
            WHERE id = p_visit AND shopper_id = ANY (visitscore_account_shoppers())) THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = format('visit %s is not one of the shopper %s''s visits', p_visit,
                             session_user);
    END IF;
    RETURN session_user;
END $$;

-- Who an assignment's audit entry says wrote it, called by visitscore_append_assignment_audit
-- (pg_schema.cpp), as visitscore_audit_author for a visit's: the connected account for everyone
-- but an admin; refused for accounts that change no assignments, and for a shopper's entry on an
-- assignment not theirs.
CREATE OR REPLACE FUNCTION visitscore_assignment_audit_author(p_assignment TEXT, p_who TEXT)
    RETURNS TEXT LANGUAGE plpgsql STABLE SET search_path = public, pg_temp AS $$
DECLARE
    v_role TEXT := visitscore_account_role();
BEGIN
    IF v_role = 'admin' THEN
        RETURN p_who;
    END IF;
    IF v_role IS NULL OR v_role = 'client' THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = format('the account %s may not change assignments in this database',
                             session_user);
    END IF;
    IF v_role = 'shopper' AND NOT EXISTS (
            SELECT 1 FROM assignments
            WHERE uuid = p_assignment AND shopper_id = ANY (visitscore_account_shoppers())) THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = format('assignment %s is not one of the shopper %s''s assignments',
                             p_assignment, session_user);
    END IF;
    RETURN session_user;
END $$;

-- Review rules on a visit's status change: a shopper only submits a draft or returned visit of
-- theirs; a reviewer never approves a visit whose last submission they made (the audit log's
-- author is the connected account, so the comparison holds); nor does an admin, unless the
-- database allows self-approval (allow_self_approval, a one-person office, as the app does).
-- An admin's audit author is the name the app gives, so for them only the server's own record
-- of the submitting account counts.
CREATE OR REPLACE FUNCTION visitscore_visit_rules() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_role TEXT := visitscore_account_role();
    v_submitter TEXT;
BEGIN
    IF NEW.status IS NOT DISTINCT FROM OLD.status THEN
        RETURN NEW;
    END IF;
    IF v_role = 'shopper' AND NOT (OLD.status IN ('draft', 'returned')
                                   AND NEW.status = 'submitted') THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = format('changing visit %s from %s to %s: a shopper only submits their '
                             'own drafts', NEW.uuid, OLD.status, NEW.status);
    END IF;
    IF NEW.status = 'submitted' THEN
        INSERT INTO server_submissions (visit_id, account) VALUES (NEW.id, session_user)
            ON CONFLICT (visit_id) DO UPDATE SET account = EXCLUDED.account;
    END IF;
    IF v_role = 'admin' AND NEW.status = 'approved' AND EXISTS (
            SELECT 1 FROM server_submissions
            WHERE visit_id = NEW.id AND account = session_user)
       AND NOT coalesce((SELECT lower(btrim(value)) IN ('true', '1', 'yes', 'on')
                         FROM settings WHERE key = 'allow_self_approval'), false) THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = format('approving visit %s: %s submitted it, and an admin approves a '
                             'visit they submitted only where the database allows '
                             'self-approval (allow_self_approval, a one-person office)',
                             NEW.uuid, session_user);
    END IF;
    IF v_role IS DISTINCT FROM 'admin' AND NEW.status = 'approved' THEN
        SELECT who INTO v_submitter FROM audit_log
            WHERE visit_id = NEW.id AND action = 'status' AND new_value = 'submitted'
              AND old_value IN ('draft', 'returned')
            ORDER BY id DESC LIMIT 1;
        IF v_submitter = session_user OR EXISTS (
                SELECT 1 FROM server_submissions
                WHERE visit_id = NEW.id AND account = session_user) THEN
            RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
                MESSAGE = format('approving visit %s: %s submitted it, and a reviewer never '
                                 'approves a visit they submitted', NEW.uuid, session_user);
        END IF;
    END IF;
    RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS visitscore_visit_rules ON visits;
CREATE TRIGGER visitscore_visit_rules BEFORE UPDATE OF status ON visits
    FOR EACH ROW EXECUTE FUNCTION visitscore_visit_rules();

-- Staff pseudonyms for client accounts: "Staff " and 6 Crockford base32 characters of
-- HMAC-SHA-256("client\0code") under the database's pseudonym key. Given an employee's id only
-- (never a code), and only for the caller's own client's staff, so that it is no oracle for
-- trying codes.
CREATE OR REPLACE FUNCTION visitscore_hmac_sha256(p_key BYTEA, p_data BYTEA) RETURNS BYTEA
    LANGUAGE plpgsql IMMUTABLE STRICT SET search_path = pg_catalog AS $$
DECLARE
    k BYTEA := p_key;
    ki BYTEA;
    ko BYTEA;
BEGIN
    IF length(k) > 64 THEN
        k := sha256(k);
    END IF;
    k := k || decode(repeat('00', 64 - length(k)), 'hex');
    ki := k;
    ko := k;
    FOR i IN 0..63 LOOP
        ki := set_byte(ki, i, get_byte(k, i) # 54);
        ko := set_byte(ko, i, get_byte(k, i) # 92);
    END LOOP;
    RETURN sha256(ko || sha256(ki || p_data));
END $$;
CREATE OR REPLACE FUNCTION visitscore_staff_pseudonym(p_employee BIGINT) RETURNS TEXT
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_client_id BIGINT;
    v_client TEXT;
    v_code TEXT;
    v_key TEXT;
    h BYTEA;
    n BIGINT;
    v_out TEXT := 'Staff ';
    alphabet CONSTANT TEXT := '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
BEGIN
    SELECT e.client_id, c.name, e.code INTO v_client_id, v_client, v_code
        FROM employees e JOIN clients c ON c.id = e.client_id WHERE e.id = p_employee;
    IF NOT FOUND OR (visitscore_account_role() IS DISTINCT FROM 'admin'
                     AND visitscore_account_role() IS DISTINCT FROM 'reviewer'
                     AND v_client_id IS DISTINCT FROM visitscore_account_client()) THEN
        RETURN NULL;
    END IF;
    SELECT value INTO v_key FROM settings WHERE key = 'pseudonym_key';
    IF coalesce(v_key, '') = '' THEN
        RETURN 'Staff ??????';
    END IF;
    h := visitscore_hmac_sha256(convert_to(v_key, 'UTF8'),
                                convert_to(v_client, 'UTF8') || '\x00'::bytea
                                    || convert_to(v_code, 'UTF8'));
    n := (get_byte(h, 0)::BIGINT << 22) | (get_byte(h, 1)::BIGINT << 14)
         | (get_byte(h, 2)::BIGINT << 6) | (get_byte(h, 3)::BIGINT >> 2);
    FOR i IN REVERSE 5..0 LOOP
        v_out := v_out || substr(alphabet, ((n >> (5 * i)) & 31)::INT + 1, 1);
    END LOOP;
    RETURN v_out;
END $$;

-- Adding a person's account: admin only (checked here, in the server). The login role is made
-- without a password; its group role gives the table rights, the server_accounts row what it
-- may see in this database, and a client account's search_path (in this database) its views.
CREATE OR REPLACE FUNCTION visitscore_add_account(p_account TEXT, p_role TEXT, p_client TEXT,
                                                  p_shopper TEXT)
    RETURNS VOID LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_client BIGINT;
    v_known TEXT;
BEGIN
    IF visitscore_account_role() IS DISTINCT FROM 'admin' THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = format('only an admin adds server accounts; %s is not an admin of this '
                             'database', session_user);
    END IF;
    IF p_role IS NULL OR p_role NOT IN ('admin', 'reviewer', 'shopper', 'client') THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = format('unknown role "%s" (admin, reviewer, shopper or client)', p_role);
    END IF;
    IF coalesce(p_account, '') = '' OR p_account ~* '^(pg_|visitscore_)' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = format('"%s" cannot be a person''s account name', p_account);
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_account
                                        AND (rolsuper OR NOT rolcanlogin)) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = format('%s is a superuser or a group role on this server, not a '
                             'person''s account', p_account);
    END IF;
    IF p_client IS NOT NULL THEN
        SELECT id INTO v_client FROM clients WHERE name = p_client;
        IF NOT FOUND THEN
            SELECT string_agg(name, ', ' ORDER BY name) INTO v_known
                FROM (SELECT name FROM clients ORDER BY name LIMIT 20) c;
            RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
                MESSAGE = format('no client named "%s" in this database (clients: %s)',
                                 p_client, coalesce(v_known, 'none'));
        END IF;
    END IF;
    IF p_role = 'client' AND v_client IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'a client account needs --client NAME';
    END IF;
    IF p_role IN ('admin', 'reviewer') AND p_client IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = format('--client is for client and shopper accounts, not a %s', p_role);
    END IF;
    IF p_role = 'shopper' AND p_shopper IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'a shopper account needs --shopper CODE';
    END IF;
    IF p_role <> 'shopper' AND p_shopper IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = format('--shopper is for shopper accounts, not a %s', p_role);
    END IF;
    IF p_shopper IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM shoppers
            WHERE code = p_shopper AND (v_client IS NULL OR client_id = v_client)) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = format('no shopper with the code "%s"%s in this database', p_shopper,
                             CASE WHEN v_client IS NULL THEN ''
                                  ELSE format(' for the client "%s"', p_client) END);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_account) THEN
        EXECUTE format('CREATE ROLE %I LOGIN', p_account);
    END IF;
    EXECUTE format('GRANT %I TO %I', 'visitscore_' || p_role, p_account);
    -- Imports stream through COPY, which PostgreSQL refuses to anyone subject to row-level
    -- security: an admin, whom every policy lets do everything anyway, bypasses it (this needs
    -- init run by a superuser; otherwise an admin imports as the tables' owner).
    BEGIN
        EXECUTE format('ALTER ROLE %I %s', p_account,
                       CASE WHEN p_role = 'admin' THEN 'BYPASSRLS' ELSE 'NOBYPASSRLS' END);
    EXCEPTION WHEN insufficient_privilege THEN
        NULL;
    END;
    IF p_role = 'client' THEN
        EXECUTE format('ALTER ROLE %I IN DATABASE %I SET search_path = visitscore_client, '
                       'public', p_account, current_database());
    ELSE
        EXECUTE format('ALTER ROLE %I IN DATABASE %I RESET search_path', p_account,
                       current_database());
    END IF;
    INSERT INTO server_accounts (account, role, client_id, shopper_code)
        VALUES (p_account, p_role, v_client, p_shopper)
        ON CONFLICT (account) DO UPDATE
            SET role = EXCLUDED.role, client_id = EXCLUDED.client_id,
                shopper_code = EXCLUDED.shopper_code, added_by = session_user,
                added_at = to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"');
END $$;

-- A password as a SCRAM verifier made by the client program: an admin for anyone, or an
-- account for itself.
CREATE OR REPLACE FUNCTION visitscore_set_password(p_account TEXT, p_verifier TEXT)
    RETURNS VOID LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF visitscore_account_role() IS DISTINCT FROM 'admin' AND p_account <> session_user THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = format('only an admin sets another account''s password; %s is not an '
                             'admin of this database', session_user);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM server_accounts WHERE account = p_account) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = format('no server account %s in this database', p_account);
    END IF;
    IF p_verifier !~ '^SCRAM-SHA-256\$' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'a password is set as a SCRAM-SHA-256 verifier';
    END IF;
    EXECUTE format('ALTER ROLE %I PASSWORD %L', p_account, p_verifier);
END $$;
)SQL";

constexpr const char* kGroupRoles = R"SQL(
DO $$
DECLARE
    r TEXT;
BEGIN
    FOREACH r IN ARRAY ARRAY['visitscore_admin', 'visitscore_reviewer', 'visitscore_shopper',
                             'visitscore_client'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', r);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL; -- made meanwhile for another database of the cluster
            END;
        END IF;
    END LOOP;
END $$;
)SQL";

// A visit's channel and its shopper, whoever writes (an admin and a copy too): a customer
// survey response (its scorecard's channel 'survey') names no shopper, and every other visit
// names one.
constexpr const char* kChannelRules = R"SQL(
CREATE OR REPLACE FUNCTION visitscore_visit_channel_rules() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_template TEXT;
    v_survey BOOLEAN;
BEGIN
    SELECT code || ' version ' || version, channel = 'survey' INTO v_template, v_survey
        FROM templates WHERE id = NEW.template_id;
    IF NOT FOUND THEN
        RETURN NEW; -- the foreign key refuses it
    END IF;
    IF v_survey AND NEW.shopper_id IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'check_violation',
            MESSAGE = format('visit %s: scorecard %s is a customer survey, answered by a '
                             'customer: its response names no shopper (shopper_id)', NEW.uuid,
                             v_template);
    END IF;
    IF NOT v_survey AND NEW.shopper_id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'check_violation',
            MESSAGE = format('visit %s: scorecard %s is a mystery visit''s, which names its '
                             'shopper (shopper_id); only a customer survey response has none',
                             NEW.uuid, v_template);
    END IF;
    RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS visitscore_visit_channel_rules ON visits;
CREATE TRIGGER visitscore_visit_channel_rules BEFORE INSERT OR UPDATE OF template_id, shopper_id
    ON visits FOR EACH ROW EXECUTE FUNCTION visitscore_visit_channel_rules();
)SQL";

// A client account's tables: views named like the tables, reading the tables with the views'
// owner's rights and showing only that client's approved visits and what hangs on them.
constexpr const char* kClientViews = R"SQL(
DROP SCHEMA IF EXISTS visitscore_client CASCADE;
DROP VIEW IF EXISTS public.visitscore_client_names, public.visitscore_client_first_names CASCADE;
CREATE SCHEMA visitscore_client;
REVOKE ALL ON SCHEMA visitscore_client FROM PUBLIC;
GRANT USAGE ON SCHEMA visitscore_client TO visitscore_client;
CREATE VIEW visitscore_client.visitscore_meta WITH (security_barrier) AS
    SELECT key, value FROM public.visitscore_meta;
CREATE VIEW visitscore_client.clients WITH (security_barrier) AS
    SELECT id, name, active FROM public.clients
    WHERE id = (SELECT public.visitscore_account_client());
CREATE VIEW visitscore_client.regions WITH (security_barrier) AS
    SELECT id, client_id, name, active FROM public.regions
    WHERE client_id = (SELECT public.visitscore_account_client());
CREATE VIEW visitscore_client.branches WITH (security_barrier) AS
    SELECT id, client_id, region_id, code, name, active FROM public.branches
    WHERE client_id = (SELECT public.visitscore_account_client());
CREATE VIEW visitscore_client.employees WITH (security_barrier) AS
    SELECT e.id, e.client_id, e.branch_id,
           CASE WHEN coalesce(o.pseudonymise_staff, FALSE)
                THEN public.visitscore_staff_pseudonym(e.id) ELSE e.code END AS code,
           CASE WHEN coalesce(o.pseudonymise_staff, FALSE) THEN '' ELSE e.name END AS name,
           e.active
    FROM public.employees e LEFT JOIN public.server_clients o ON o.client_id = e.client_id
    WHERE e.client_id = (SELECT public.visitscore_account_client());
-- One placeholder shopper per client (its id: the client's id, as the backend indexes by
-- positive ids), which every mystery visit names; a customer survey response names none.
CREATE VIEW visitscore_client.shoppers WITH (security_barrier) AS
    SELECT c.id AS id, c.id AS client_id, '[shopper]'::TEXT AS code, ''::TEXT AS name,
           TRUE AS active
    FROM public.clients c WHERE c.id = (SELECT public.visitscore_account_client());
-- Free text a client reads (a visit's summary, its text answers and comments) names none of
-- its shoppers, and none of its staff where it reads them pseudonymised: each of their codes and
-- names typed in the text, as a whole word in any case, reads '[shopper]' or the employee's
-- pseudonym. The view works out the client's names once per query (r below: the first word of
-- each name, one pattern over every name, longest first, and each name's replacement). A text
-- is split into words once and looked up among those first words; only a text that may name
-- someone goes through the pattern; an employee's pseudonym is worked out only for a name
-- found (visitscore_staff_pseudonym, which gives none for another client's staff). Called by
-- hand, the functions redact only with the names given to them.
-- Each match of the pattern in a text replaced by its name's replacement.
CREATE OR REPLACE FUNCTION public.visitscore_redact_matches(p_text TEXT, p_re TEXT, p_map JSONB)
    RETURNS TEXT LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog AS $$
DECLARE
    v_parts TEXT[];
    v_found TEXT[];
    v_out TEXT;
    v_rep TEXT;
BEGIN
    v_parts := regexp_split_to_array(p_text, p_re, 'i');
    SELECT array_agg(m[1] ORDER BY n) INTO v_found
        FROM regexp_matches(p_text, p_re, 'gi') WITH ORDINALITY AS x(m, n);
    v_out := v_parts[1];
    FOR i IN 1..coalesce(array_length(v_found, 1), 0) LOOP
        v_rep := coalesce(p_map ->> lower(v_found[i]), '[redacted]');
        IF v_rep LIKE 'employee:%' THEN
            v_rep := coalesce(public.visitscore_staff_pseudonym(substr(v_rep, 10)::BIGINT),
                              '[staff]');
        END IF;
        v_out := v_out || v_rep || v_parts[i + 1];
    END LOOP;
    RETURN v_out;
END $$;
CREATE OR REPLACE FUNCTION public.visitscore_redact_text(p_text TEXT, p_words JSONB, p_re TEXT,
                                                         p_map JSONB)
    RETURNS TEXT LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog AS $$
BEGIN
    IF p_text IS NULL OR p_re IS NULL
       OR NOT p_words ?| regexp_split_to_array(lower(p_text), '[^[:alnum:]_]+') THEN
        RETURN p_text;
    END IF;
    RETURN public.visitscore_redact_matches(p_text, p_re, p_map);
END $$;
-- A text a client reads: its names (p_words, p_re, p_map) replaced, then the first names of the
-- text's branch (p_first_*: none where staff are not pseudonymised); the text is split into
-- words once for both.
CREATE OR REPLACE FUNCTION public.visitscore_client_text(p_text TEXT, p_words JSONB, p_re TEXT,
                                                         p_map JSONB, p_first_words JSONB,
                                                         p_first_re TEXT, p_first_map JSONB)
    RETURNS TEXT LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog AS $$
DECLARE
    v_words TEXT[];
    v_out TEXT := p_text;
BEGIN
    IF p_text IS NULL OR (p_re IS NULL AND p_first_re IS NULL) THEN
        RETURN p_text;
    END IF;
    v_words := regexp_split_to_array(lower(p_text), '[^[:alnum:]_]+');
    IF p_re IS NOT NULL AND p_words ?| v_words THEN
        v_out := public.visitscore_redact_matches(v_out, p_re, p_map);
    END IF;
    IF p_first_re IS NOT NULL AND p_first_words ?| v_words THEN
        v_out := public.visitscore_redact_matches(v_out, p_first_re, p_first_map);
    END IF;
    RETURN v_out;
END $$;
CREATE OR REPLACE FUNCTION public.visitscore_client_jsonb(p_json JSONB, p_words JSONB, p_re TEXT,
                                                          p_map JSONB, p_first_words JSONB,
                                                          p_first_re TEXT, p_first_map JSONB)
    RETURNS JSONB LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog AS $$
BEGIN
    CASE jsonb_typeof(p_json)
    WHEN 'string' THEN
        RETURN to_jsonb(public.visitscore_client_text(p_json #>> '{}', p_words, p_re, p_map,
                                                      p_first_words, p_first_re, p_first_map));
    WHEN 'array' THEN
        RETURN (SELECT coalesce(jsonb_agg(public.visitscore_client_jsonb(e, p_words, p_re, p_map,
                                              p_first_words, p_first_re, p_first_map)
                                          ORDER BY i), '[]'::jsonb)
                FROM jsonb_array_elements(p_json) WITH ORDINALITY AS a(e, i));
    WHEN 'object' THEN
        RETURN (SELECT coalesce(jsonb_object_agg(k, public.visitscore_client_jsonb(v, p_words,
                                    p_re, p_map, p_first_words, p_first_re, p_first_map)),
                                '{}'::jsonb)
                FROM jsonb_each(p_json) AS o(k, v));
    ELSE
        RETURN p_json;
    END CASE;
END $$;
-- A JSON text a client reads (visitscore_redact_json's way, both passes): as it was when none of
-- its words may begin a name.
CREATE OR REPLACE FUNCTION public.visitscore_client_json(p_json TEXT, p_words JSONB, p_re TEXT,
                                                         p_map JSONB, p_first_words JSONB,
                                                         p_first_re TEXT, p_first_map JSONB)
    RETURNS TEXT LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
    SET search_path = pg_catalog AS $$
DECLARE
    v_words TEXT[];
BEGIN
    IF p_json IS NULL OR (p_re IS NULL AND p_first_re IS NULL) THEN
        RETURN p_json;
    END IF;
    v_words := regexp_split_to_array(lower(p_json), '([^[:alnum:]_\\]|\\.)+');
    IF NOT (coalesce(p_words ?| v_words, FALSE) OR coalesce(p_first_words ?| v_words, FALSE)) THEN
        RETURN p_json;
    END IF;
    BEGIN
        RETURN public.visitscore_client_jsonb(p_json::jsonb, p_words, p_re, p_map, p_first_words,
                                              p_first_re, p_first_map)::TEXT;
    EXCEPTION WHEN invalid_text_representation THEN
        RETURN public.visitscore_client_text(p_json, p_words, p_re, p_map, p_first_words,
                                             p_first_re, p_first_map);
    END;
END $$;
CREATE OR REPLACE FUNCTION public.visitscore_redact_jsonb(p_json JSONB, p_words JSONB, p_re TEXT,
                                                          p_map JSONB)
    RETURNS JSONB LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog AS $$
BEGIN
    CASE jsonb_typeof(p_json)
    WHEN 'string' THEN
        RETURN to_jsonb(public.visitscore_redact_text(p_json #>> '{}', p_words, p_re, p_map));
    WHEN 'array' THEN
        RETURN (SELECT coalesce(jsonb_agg(public.visitscore_redact_jsonb(e, p_words, p_re, p_map)
                                          ORDER BY i), '[]'::jsonb)
                FROM jsonb_array_elements(p_json) WITH ORDINALITY AS a(e, i));
    WHEN 'object' THEN
        RETURN (SELECT coalesce(jsonb_object_agg(k, public.visitscore_redact_jsonb(v, p_words,
                                                                                    p_re, p_map)),
                                '{}'::jsonb)
                FROM jsonb_each(p_json) AS o(k, v));
    ELSE
        RETURN p_json;
    END CASE;
END $$;
-- A JSON text's string values redacted; the text as it was when it names no one. Its words are
-- split around JSON's escapes (a name after a "\n" is a word), then the JSON is read only when
-- one of them may begin a name; a text that is no JSON is redacted as text.
-- (Restricted to the leader of a parallel query: the exception block is a subtransaction.)
CREATE OR REPLACE FUNCTION public.visitscore_redact_json(p_json TEXT, p_words JSONB, p_re TEXT,
                                                         p_map JSONB)
    RETURNS TEXT LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
    SET search_path = pg_catalog AS $$
BEGIN
    IF p_json IS NULL OR p_re IS NULL
       OR NOT p_words ?| regexp_split_to_array(lower(p_json), '([^[:alnum:]_\\]|\\.)+') THEN
        RETURN p_json;
    END IF;
    BEGIN
        RETURN public.visitscore_redact_jsonb(p_json::jsonb, p_words, p_re, p_map)::TEXT;
    EXCEPTION WHEN invalid_text_representation THEN
        RETURN public.visitscore_redact_text(p_json, p_words, p_re, p_map);
    END;
END $$;
-- The names the connected client account's texts are redacted of: its shoppers' codes and names
-- and, where it reads its staff pseudonymised, their codes and full names (one pattern, longest
-- first, each name's replacement, and the names' first words). Read by the client views with
-- their owner's rights; the client account itself may not read it.
CREATE VIEW public.visitscore_client_names AS
    SELECT '(?<![[:alnum:]_])('
               || string_agg(regexp_replace(d.name, '([^[:alnum:][:space:]])', '\\\1', 'g'),
                             '|' ORDER BY length(d.name) DESC, d.name)
               || ')(?![[:alnum:]_])' AS re,
           jsonb_object_agg(d.name, d.replacement) AS map,
           (SELECT jsonb_object_agg(w, TRUE) FROM (
                SELECT DISTINCT (SELECT t FROM unnest(regexp_split_to_array(
                                     dd.name, '[^[:alnum:]_]+')) AS t
                                 WHERE t <> '' LIMIT 1) AS w
                FROM unnest(array_agg(d.name)) AS dd(name)) ws WHERE w IS NOT NULL) AS words
    FROM (SELECT DISTINCT ON (lower(btrim(n.name))) lower(btrim(n.name)) AS name,
                 n.replacement
          FROM (SELECT s.code AS name, '[shopper]'::TEXT AS replacement, 0 AS rank
                    FROM public.shoppers s
                    WHERE s.client_id = (SELECT public.visitscore_account_client())
                UNION ALL
                SELECT s.name, '[shopper]', 0 FROM public.shoppers s
                    WHERE s.client_id = (SELECT public.visitscore_account_client())
                UNION ALL
                SELECT x.name, x.pseudonym, 1
                    FROM (SELECT e.code, e.name, 'employee:' || e.id AS pseudonym
                          FROM public.employees e
                          JOIN public.server_clients o ON o.client_id = e.client_id
                          WHERE e.client_id = (SELECT public.visitscore_account_client())
                            AND o.pseudonymise_staff) p
                    CROSS JOIN LATERAL (VALUES (p.code, p.pseudonym),
                                               (p.name, p.pseudonym)) AS x(name, pseudonym)
               ) n
          WHERE length(btrim(n.name)) >= 2
          ORDER BY lower(btrim(n.name)), n.rank) d;
-- Where the client reads its staff pseudonymised, a staff member's first name alone names them
-- in a text of their branch as the workbook's redactor finds it (scoring/recognition.cpp): the
-- first word of a name of two words or more, of three characters or more, that no other staff
-- member of the branch with such a name shares. Per branch: the pattern, map and words as above.
CREATE VIEW public.visitscore_client_first_names AS
    SELECT f.branch_id,
           '(?<![[:alnum:]_])(' || string_agg(f.name, '|' ORDER BY length(f.name) DESC, f.name)
               || ')(?![[:alnum:]_])' AS re,
           jsonb_object_agg(f.name, f.replacement) AS map,
           jsonb_object_agg(f.name, TRUE) AS words
    FROM (SELECT e.branch_id, w.words[1] AS name, min('employee:' || e.id) AS replacement
          FROM public.employees e
          JOIN public.server_clients o ON o.client_id = e.client_id
          CROSS JOIN LATERAL (SELECT array_remove(regexp_split_to_array(lower(e.name),
                                                                        '[^[:alnum:]]+'), '')
                                     AS words) w
          WHERE e.client_id = (SELECT public.visitscore_account_client())
            AND o.pseudonymise_staff AND e.branch_id IS NOT NULL
            AND cardinality(w.words) >= 2
          GROUP BY e.branch_id, w.words[1]
          HAVING count(*) = 1 AND octet_length(w.words[1]) >= 3) f
    GROUP BY f.branch_id;
CREATE VIEW visitscore_client.visits WITH (security_barrier) AS
    SELECT v.id, v.uuid, v.template_id, v.client_id, v.region_id, v.branch_id, v.employee_id,
           CASE WHEN v.shopper_id IS NULL THEN NULL ELSE v.client_id END AS shopper_id,
           v.visited_at, v.day, v.status, v.calibration, v.reference,
           public.visitscore_client_text(v.summary, r.words, r.re, r.map,
                                         f.words, f.re, f.map) AS summary,
           public.visitscore_client_json(v.answers, r.words, r.re, r.map,
                                         f.words, f.re, f.map) AS answers,
           public.visitscore_client_json(v.comments, r.words, r.re, r.map,
                                         f.words, f.re, f.map) AS comments,
           v.raw, v.score, v.applicable, v.critical, v.critical_failures, v.target, v.nps,
           v.source_hash, ''::TEXT AS review_note, v.scoring_rules, v.updated_at,
           NULL::TEXT AS assignment_uuid, NULL::TEXT AS opened_at,
           NULL::TEXT AS first_answer_at, NULL::TEXT AS submitted_at
    FROM public.visits v LEFT JOIN public.visitscore_client_names r ON TRUE
         LEFT JOIN public.visitscore_client_first_names f ON f.branch_id = v.branch_id
    WHERE v.client_id = (SELECT public.visitscore_account_client()) AND v.status = 'approved';
-- The scorecards of the client's approved visits, without guidance notes.
CREATE VIEW visitscore_client.templates WITH (security_barrier) AS
    SELECT t.id, t.code, t.version, t.name, t.channel, t.target,
           CASE WHEN jsonb_typeof(t.source::jsonb -> 'sections') = 'array' THEN
               jsonb_set(t.source::jsonb, '{sections}', (
                   SELECT coalesce(jsonb_agg(
                       CASE WHEN jsonb_typeof(sec -> 'questions') = 'array' THEN
                           jsonb_set(sec, '{questions}', (
                               SELECT coalesce(jsonb_agg(q - 'guidance' ORDER BY qi), '[]')
                               FROM jsonb_array_elements(sec -> 'questions')
                                    WITH ORDINALITY AS qs(q, qi)))
                       ELSE sec END ORDER BY si), '[]')
                   FROM jsonb_array_elements(t.source::jsonb -> 'sections')
                        WITH ORDINALITY AS ss(sec, si)))::TEXT
           ELSE t.source END AS source,
           t.added_at
    FROM public.templates t
    WHERE t.id IN (SELECT template_id FROM visitscore_client.visits);
CREATE VIEW visitscore_client.visit_scores WITH (security_barrier) AS
    SELECT visit_id, section_scores, question_scores FROM public.visit_scores
    WHERE visit_id IN (SELECT id FROM visitscore_client.visits);
CREATE VIEW visitscore_client.visit_section_employees WITH (security_barrier) AS
    SELECT visit_id, section, employee_id FROM public.visit_section_employees
    WHERE visit_id IN (SELECT id FROM visitscore_client.visits);
CREATE VIEW visitscore_client.trainings WITH (security_barrier) AS
    SELECT id, client_id, code, title, trainer, date, day, sections FROM public.trainings
    WHERE client_id = (SELECT public.visitscore_account_client());
CREATE VIEW visitscore_client.training_employees WITH (security_barrier) AS
    SELECT training_id, employee_id FROM public.training_employees
    WHERE training_id IN (SELECT id FROM visitscore_client.trainings);
-- A photo's file name as the shopper gave it may name them ("sam-till.jpg"): the client reads
-- "photo-N" and the name's extension, N its place among the visit's attachments.
CREATE VIEW visitscore_client.attachments WITH (security_barrier) AS
    SELECT a.id, a.visit_id, a.question,
           'photo-' || (SELECT count(*) FROM public.attachments o
                        WHERE o.visit_id = a.visit_id AND o.id <= a.id)
               || coalesce(lower(substring(a.name FROM '(\.[[:alnum:]]{1,8})$')), '') AS name,
           a.mime, a.size, a.data, a.thumbnail, a.added_at, a.sha256, a.captured_at
    FROM public.attachments a
    WHERE a.visit_id IN (SELECT id FROM visitscore_client.visits)
      AND NOT coalesce((SELECT withhold_photos FROM public.server_clients
                        WHERE client_id = (SELECT public.visitscore_account_client())), FALSE);
-- No audit log for clients: the table's shape, no rows.
CREATE VIEW visitscore_client.audit_log WITH (security_barrier) AS
    SELECT id, at, who, visit_id, action, field, old_value, new_value, reason, prev_hash, hash,
           assignment_uuid
    FROM public.audit_log WHERE FALSE;
-- The settings a client's app reads and its own client's alert rules: never the survey
-- mappings, another client's rules or the SMTP configuration.
CREATE VIEW visitscore_client.settings WITH (security_barrier) AS
    SELECT key, value FROM public.settings
    WHERE )SQL" VS_READABLE_SETTINGS R"SQL(
       OR key LIKE 'action.%' OR key LIKE 'recognition.%' OR key LIKE 'voice.%'
       OR (key LIKE 'alert.%' AND (position('@' IN key) = 0
           OR substr(key, position('@' IN key) + 1) =
              (SELECT name FROM public.clients
               WHERE id = (SELECT public.visitscore_account_client()))));
GRANT SELECT ON ALL TABLES IN SCHEMA visitscore_client TO visitscore_client;
)SQL";

// What the staff write and a client's account reads (dispute points, action plans,
// notifications) through the same redaction as its visits' texts (kClientViews): views named
// like the tables in visitscore_client, which its search path reads first; the tables' columns of
// free text are no longer its to read (it still writes what the rules let it, in public.*). A
// client's account ticking an action of a plan sends back the texts it read: each string it left
// as it read it keeps the text the staff wrote. What a client's account wrote itself (a point's
// proposed answer and reason) it reads as written: redacted, its own words would tell it which
// names it guessed are its shoppers'.
constexpr const char* kClientTextRules = R"SQL(
CREATE VIEW visitscore_client.disputes WITH (security_barrier) AS
    SELECT d.id, d.visit_id, d.client_id, d.question,
           public.visitscore_client_text(d.original_answer, r.words, r.re, r.map,
                                         f.words, f.re, f.map) AS original_answer,
           CASE WHEN a.account IS NOT NULL THEN d.proposed_answer
                ELSE public.visitscore_client_text(d.proposed_answer, r.words, r.re, r.map,
                                                   f.words, f.re, f.map)
           END AS proposed_answer,
           CASE WHEN a.account IS NOT NULL THEN d.reason
                ELSE public.visitscore_client_text(d.reason, r.words, r.re, r.map,
                                                   f.words, f.re, f.map)
           END AS reason,
           d.opened_by, d.opened_at,
           public.visitscore_client_text(d.evidence_name, r.words, r.re, r.map,
                                         f.words, f.re, f.map) AS evidence_name,
           d.evidence_mime, d.evidence_sha256, d.evidence, d.status, d.decision,
           public.visitscore_client_text(d.decided_answer, r.words, r.re, r.map,
                                         f.words, f.re, f.map) AS decided_answer,
           public.visitscore_client_text(d.decision_reason, r.words, r.re, r.map,
                                         f.words, f.re, f.map) AS decision_reason,
           d.decided_by, d.decided_at
    FROM public.disputes d LEFT JOIN public.visits v ON v.id = d.visit_id
         LEFT JOIN public.server_accounts a ON a.account = d.opened_by AND a.role = 'client'
         LEFT JOIN public.visitscore_client_names r ON TRUE
         LEFT JOIN public.visitscore_client_first_names f ON f.branch_id = v.branch_id
    WHERE d.client_id = (SELECT public.visitscore_account_client());
CREATE VIEW visitscore_client.action_plans WITH (security_barrier) AS
    SELECT p.id, p.client_id, p.branch_id, p.visit_id, p.sections,
           public.visitscore_client_text(p.owner, r.words, r.re, r.map,
                                         f.words, f.re, f.map) AS owner,
           public.visitscore_client_json(p.actions, r.words, r.re, r.map,
                                         f.words, f.re, f.map) AS actions,
           p.start_date, p.due_date, p.state,
           public.visitscore_client_text(p.note, r.words, r.re, r.map,
                                         f.words, f.re, f.map) AS note,
           p.reshop_assignment, p.opened_by, p.opened_at, p.version
    FROM public.action_plans p LEFT JOIN public.visitscore_client_names r ON TRUE
         LEFT JOIN public.visitscore_client_first_names f ON f.branch_id = p.branch_id
    WHERE p.client_id = (SELECT public.visitscore_account_client());
CREATE VIEW visitscore_client.notifications WITH (security_barrier) AS
    SELECT n.id, n.event_key, n.rule, n.client_id, n.branch, n.visit_id,
           public.visitscore_client_text(n.subject, r.words, r.re, r.map,
                                         f.words, f.re, f.map) AS subject,
           public.visitscore_client_text(n.body, r.words, r.re, r.map,
                                         f.words, f.re, f.map) AS body,
           n.created_at,
           (SELECT m.read_at FROM public.notification_reads m
            WHERE m.notification_id = n.id AND m.account = session_user) AS read_at
    FROM public.notifications n LEFT JOIN public.visitscore_client_names r ON TRUE
         LEFT JOIN public.branches b ON b.client_id = n.client_id AND b.code = n.branch
         LEFT JOIN public.visitscore_client_first_names f ON f.branch_id = b.id
    WHERE n.client_id = (SELECT public.visitscore_account_client());
GRANT SELECT ON visitscore_client.disputes, visitscore_client.action_plans,
    visitscore_client.notifications TO visitscore_client;
-- Written through, as the tables would be: each write goes to the table with the client
-- account's own rights (the functions run as the caller), where the grants, row-level security
-- and the tables' triggers decide as before. An update writes the columns it changed (a text it
-- left as it read it is not written back).
CREATE OR REPLACE FUNCTION visitscore_client.disputes_write() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO public.disputes (visit_id, client_id, question, original_answer,
                                 proposed_answer, reason, opened_by, evidence_name,
                                 evidence_mime, evidence_sha256, evidence)
        VALUES (NEW.visit_id, NEW.client_id, NEW.question, coalesce(NEW.original_answer, ''),
                NEW.proposed_answer, NEW.reason, coalesce(NEW.opened_by, ''),
                coalesce(NEW.evidence_name, ''), coalesce(NEW.evidence_mime, ''),
                coalesce(NEW.evidence_sha256, ''), NEW.evidence)
        RETURNING id, client_id, opened_by, opened_at, status
        INTO NEW.id, NEW.client_id, NEW.opened_by, NEW.opened_at, NEW.status;
    RETURN NEW;
END $$;
CREATE TRIGGER disputes_write INSTEAD OF INSERT ON visitscore_client.disputes
    FOR EACH ROW EXECUTE FUNCTION visitscore_client.disputes_write();
CREATE OR REPLACE FUNCTION visitscore_client.action_plans_write() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    v_set TEXT := '';
    c TEXT;
BEGIN
    FOREACH c IN ARRAY ARRAY['client_id', 'branch_id', 'visit_id', 'sections', 'owner',
                             'actions', 'start_date', 'due_date', 'state', 'note',
                             'reshop_assignment', 'opened_by', 'opened_at', 'version'] LOOP
        IF to_jsonb(NEW) -> c IS DISTINCT FROM to_jsonb(OLD) -> c THEN
            v_set := v_set || format(', %I = ($1).%I', c, c);
        END IF;
    END LOOP;
    IF v_set = '' THEN
        RETURN NEW;
    END IF;
    EXECUTE format('UPDATE public.action_plans SET %s WHERE id = $2 RETURNING version',
                   substr(v_set, 3))
        INTO NEW.version USING NEW, OLD.id;
    IF NEW.version IS NULL THEN
        RETURN NULL; -- not one of its rows to change
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER action_plans_write INSTEAD OF UPDATE ON visitscore_client.action_plans
    FOR EACH ROW EXECUTE FUNCTION visitscore_client.action_plans_write();
CREATE OR REPLACE FUNCTION visitscore_client.notifications_write() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    v_set TEXT := '';
    v_id BIGINT;
    c TEXT;
BEGIN
    FOREACH c IN ARRAY ARRAY['event_key', 'rule', 'client_id', 'branch', 'visit_id', 'subject',
                             'body', 'created_at'] LOOP
        IF to_jsonb(NEW) -> c IS DISTINCT FROM to_jsonb(OLD) -> c THEN
            v_set := v_set || format(', %I = ($1).%I', c, c);
        END IF;
    END LOOP;
    IF v_set <> '' THEN
        EXECUTE format('UPDATE public.notifications SET %s WHERE id = $2 RETURNING id',
                       substr(v_set, 3))
            INTO v_id USING NEW, OLD.id;
        IF v_id IS NULL THEN
            RETURN NULL;
        END IF;
    END IF;
    -- read_at is the account's own read mark.
    IF NEW.read_at IS NULL AND OLD.read_at IS NOT NULL THEN
        DELETE FROM public.notification_reads
            WHERE notification_id = OLD.id AND account = session_user;
    ELSIF NEW.read_at IS NOT NULL AND OLD.read_at IS NULL THEN
        INSERT INTO public.notification_reads (notification_id) VALUES (OLD.id)
            ON CONFLICT DO NOTHING;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER notifications_write INSTEAD OF UPDATE ON visitscore_client.notifications
    FOR EACH ROW EXECUTE FUNCTION visitscore_client.notifications_write();
GRANT INSERT ON visitscore_client.disputes TO visitscore_client;
GRANT UPDATE ON visitscore_client.action_plans, visitscore_client.notifications
    TO visitscore_client;
-- The tables: the client's account writes them as before, and reads only the columns that are
-- no one's free text (what a write's WHERE and RETURNING name).
REVOKE SELECT ON disputes, action_plans, notifications FROM visitscore_client;
GRANT SELECT (id, visit_id, client_id, question, opened_by, opened_at, evidence_mime,
              evidence_sha256, status, decision, decided_by, decided_at)
    ON disputes TO visitscore_client;
GRANT SELECT (id, client_id, branch_id, visit_id, sections, start_date, due_date, state,
              reshop_assignment, opened_by, opened_at, version)
    ON action_plans TO visitscore_client;
GRANT SELECT (id, event_key, rule, client_id, branch, visit_id, created_at)
    ON notifications TO visitscore_client;

-- A JSON value a client's account sends back, with each string it left as it read it (the
-- redaction of the string at the same place in what was stored) given back as stored.
CREATE OR REPLACE FUNCTION public.visitscore_keep_written(p_new JSONB, p_old JSONB, p_r_words JSONB,
                                                         p_r_re TEXT, p_r_map JSONB,
                                                         p_f_words JSONB, p_f_re TEXT,
                                                         p_f_map JSONB)
    RETURNS JSONB LANGUAGE plpgsql STABLE SET search_path = pg_catalog AS $$
BEGIN
    IF jsonb_typeof(p_new) = 'string' AND jsonb_typeof(p_old) = 'string' THEN
        IF p_new #>> '{}' = public.visitscore_client_text(p_old #>> '{}', p_r_words, p_r_re,
                                                          p_r_map, p_f_words, p_f_re, p_f_map) THEN
            RETURN p_old;
        END IF;
        RETURN p_new;
    ELSIF jsonb_typeof(p_new) = 'array' AND jsonb_typeof(p_old) = 'array' THEN
        RETURN (SELECT coalesce(jsonb_agg(public.visitscore_keep_written(e, p_old -> (i::INT - 1),
                    p_r_words, p_r_re, p_r_map, p_f_words, p_f_re, p_f_map) ORDER BY i),
                    '[]'::jsonb)
                FROM jsonb_array_elements(p_new) WITH ORDINALITY AS a(e, i));
    ELSIF jsonb_typeof(p_new) = 'object' AND jsonb_typeof(p_old) = 'object' THEN
        RETURN (SELECT coalesce(jsonb_object_agg(k, public.visitscore_keep_written(v, p_old -> k,
                    p_r_words, p_r_re, p_r_map, p_f_words, p_f_re, p_f_map)), '{}'::jsonb)
                FROM jsonb_each(p_new) AS o(k, v));
    END IF;
    RETURN p_new;
END $$;
CREATE OR REPLACE FUNCTION visitscore_action_plan_client_text() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_words JSONB;
    v_re TEXT;
    v_map JSONB;
    v_first_words JSONB;
    v_first_re TEXT;
    v_first_map JSONB;
BEGIN
    IF visitscore_account_role() IS DISTINCT FROM 'client'
       OR NEW.actions IS NOT DISTINCT FROM OLD.actions THEN
        RETURN NEW;
    END IF;
    SELECT words, re, map INTO v_words, v_re, v_map FROM visitscore_client_names;
    SELECT words, re, map INTO v_first_words, v_first_re, v_first_map
        FROM visitscore_client_first_names WHERE branch_id = OLD.branch_id;
    BEGIN
        NEW.actions := visitscore_keep_written(NEW.actions::jsonb, OLD.actions::jsonb, v_words,
                                               v_re, v_map, v_first_words, v_first_re,
                                               v_first_map)::TEXT;
    EXCEPTION WHEN invalid_text_representation THEN
        NULL; -- not JSON: kept as sent
    END;
    RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS action_plans_client_text ON action_plans;
CREATE TRIGGER action_plans_client_text BEFORE UPDATE OF actions ON action_plans
    FOR EACH ROW EXECUTE FUNCTION visitscore_action_plan_client_text();
REVOKE ALL ON FUNCTION visitscore_action_plan_client_text() FROM PUBLIC;
)SQL";

// Dispute rules, checked by the server whoever writes: a shopper (or an account not recorded)
// neither opens nor decides; a client's account opens only on its own client's approved visits,
// in its own name, and never decides (a reviewer, too, opens only on approved visits and in
// their own name; an admin's new rows are taken as given); a decision names the connected account
// (an admin: the name the app gives) and is refused when that arbiter made the visit's last
// approval; a decided point is not changed again. The client a point belongs to is the visit's,
// whatever the writer said.
constexpr const char* kDisputeRules = R"SQL(
CREATE OR REPLACE FUNCTION visitscore_dispute_rules() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_role   TEXT := visitscore_account_role();
    v_client BIGINT;
    v_status TEXT;
BEGIN
    IF v_role IS NULL OR v_role = 'shopper' THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = format('the account %s may not dispute visits or decide disputes',
                             session_user);
    END IF;
    SELECT client_id, status INTO v_client, v_status FROM visits WHERE id = NEW.visit_id;
    IF TG_OP = 'INSERT' THEN
        IF v_role = 'admin' THEN
            -- An admin's rows are taken as given (a copy of a database carries decided points
            -- and points on visits reopened since); the app checks an admin's new points.
            NEW.client_id := coalesce(v_client, NEW.client_id);
            RETURN NEW;
        END IF;
        IF v_status IS DISTINCT FROM 'approved' THEN
            RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
                MESSAGE = format('visit %s is not released (approved): it cannot be disputed',
                                 NEW.visit_id);
        END IF;
        IF EXISTS (SELECT 1 FROM visits v JOIN templates t ON t.id = v.template_id
                   WHERE v.id = NEW.visit_id AND t.channel = 'survey') THEN
            RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
                MESSAGE = format('visit %s is a customer survey response: it cannot be disputed',
                                 NEW.visit_id);
        END IF;
        IF v_role = 'client' THEN
            IF v_client IS DISTINCT FROM visitscore_account_client() THEN
                RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
                    MESSAGE = format('visit %s is not one of the client account %s''s visits',
                                     NEW.visit_id, session_user);
            END IF;
        END IF;
        NEW.opened_by := session_user;
        NEW.client_id := v_client;
        NEW.status := 'open';
        NEW.decision := NULL;
        NEW.decided_answer := '';
        NEW.decision_reason := '';
        NEW.decided_by := '';
        NEW.decided_at := NULL;
        RETURN NEW;
    END IF;
    IF v_role = 'client' THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = format('a client account (%s) does not decide disputes', session_user);
    END IF;
    IF v_role = 'admin' AND current_setting('visitscore.purging', true) = 'on' THEN
        -- The personal-data purge blanks names, reasons and evidence of points, decided ones
        -- too: an admin's, in the purge's transaction only (pg_maintenance.cpp).
        RETURN NEW;
    END IF;
    IF OLD.status = 'decided' THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = format('dispute %s is already decided', OLD.id);
    END IF;
    IF (NEW.visit_id, NEW.question, NEW.proposed_answer, NEW.original_answer, NEW.reason,
        NEW.opened_by, NEW.opened_at) IS DISTINCT FROM (OLD.visit_id, OLD.question,
        OLD.proposed_answer, OLD.original_answer, OLD.reason, OLD.opened_by, OLD.opened_at) THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = format('dispute %s: only its decision may be recorded', OLD.id);
    END IF;
    NEW.client_id := v_client;
    IF NEW.status = 'decided' THEN
        IF v_role <> 'admin' THEN
            NEW.decided_by := session_user;
        END IF;
        IF NEW.decided_by = visitscore_approver(NEW.visit_id) THEN
            RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
                MESSAGE = format('the arbiter %s approved visit %s: a dispute on it is decided '
                                 'by someone else', NEW.decided_by, NEW.visit_id);
        END IF;
    END IF;
    RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS disputes_rules ON disputes;
CREATE TRIGGER disputes_rules BEFORE INSERT OR UPDATE ON disputes
    FOR EACH ROW EXECUTE FUNCTION visitscore_dispute_rules();
REVOKE ALL ON FUNCTION visitscore_dispute_rules() FROM PUBLIC;
GRANT SELECT, INSERT ON disputes TO visitscore_client;
DO $$ BEGIN EXECUTE format('GRANT USAGE ON SEQUENCE %s TO visitscore_client',
                           pg_get_serial_sequence('disputes', 'id')); END $$;
REVOKE ALL ON FUNCTION visitscore_approver(BIGINT) FROM PUBLIC;
REVOKE ALL ON FUNCTION visitscore_released_at(BIGINT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION visitscore_approver(BIGINT) TO visitscore_admin, visitscore_reviewer;
GRANT EXECUTE ON FUNCTION visitscore_released_at(BIGINT) TO visitscore_admin,
    visitscore_reviewer, visitscore_client;
)SQL";

// Action plan rules, checked by the server whoever writes: a shopper (or an account not
// recorded) has no right on plans; a client's account opens none and changes only the actions
// and state of its own client's plans (its rows: the policies), never verifying one or undoing a
// verification; a plan's branch is its client's; a non-admin opens in their own name and moves
// the state only in its order; only an admin removes a plan; every change adds one to the row
// version whatever the writer said. A non-admin's writes are audited by the server's trigger as
// the connected account; an admin's store audits its own (the name the app gives).
constexpr const char* kActionPlanRules = R"SQL(
CREATE OR REPLACE FUNCTION visitscore_action_plan_rules() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_role   TEXT := visitscore_account_role();
    v_states TEXT[] := ARRAY['open', 'in_progress', 'done', 'verified'];
    v_from   INT;
    v_to     INT;
BEGIN
    IF v_role IS NULL OR v_role = 'shopper' THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = format('the account %s has no right on action plans', session_user);
    END IF;
    IF TG_OP = 'DELETE' THEN
        IF v_role <> 'admin' THEN
            RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
                MESSAGE = format('only an admin removes an action plan; %s is a %s',
                                 session_user, v_role);
        END IF;
        RETURN OLD;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM branches WHERE id = NEW.branch_id
                   AND client_id = NEW.client_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = format('branch %s is not a branch of client %s', NEW.branch_id,
                             NEW.client_id);
    END IF;
    IF TG_OP = 'INSERT' THEN
        IF v_role = 'client' THEN
            RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
                MESSAGE = format('a client account (%s) does not open action plans',
                                 session_user);
        END IF;
        IF v_role <> 'admin' THEN
            NEW.opened_by := session_user;
            NEW.version := 1;
        END IF;
        RETURN NEW;
    END IF;
    IF v_role = 'client' THEN
        IF (NEW.client_id, NEW.branch_id, NEW.visit_id, NEW.sections, NEW.owner, NEW.start_date,
            NEW.due_date, NEW.note, NEW.reshop_assignment, NEW.opened_by, NEW.opened_at)
           IS DISTINCT FROM (OLD.client_id, OLD.branch_id, OLD.visit_id, OLD.sections,
            OLD.owner, OLD.start_date, OLD.due_date, OLD.note, OLD.reshop_assignment,
            OLD.opened_by, OLD.opened_at) THEN
            RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
                MESSAGE = format('a client account (%s) changes only the actions and state of '
                                 'action plan %s', session_user, OLD.id);
        END IF;
        IF NEW.state IS DISTINCT FROM OLD.state
           AND (NEW.state = 'verified' OR OLD.state = 'verified') THEN
            RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
                MESSAGE = format('a client account (%s) does not verify action plan %s or '
                                 'undo its verification', session_user, OLD.id);
        END IF;
    END IF;
    -- The states' order for everyone but an admin (services::update_plan's): forward up to
    -- done, verified only from done, done back to in progress; nothing else.
    IF v_role <> 'admin' AND NEW.state IS DISTINCT FROM OLD.state THEN
        v_from := array_position(v_states, OLD.state);
        v_to := array_position(v_states, NEW.state);
        IF v_from IS NULL OR v_to IS NULL OR NOT ((v_to > v_from AND v_to <= 3)
                OR (v_to = 4 AND v_from = 3) OR (v_from = 3 AND v_to = 2)) THEN
            RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
                MESSAGE = format('action plan %s cannot go from %s to %s (open -> in_progress '
                                 '-> done -> verified; done may go back to in_progress)',
                                 OLD.id, OLD.state, NEW.state);
        END IF;
    END IF;
    NEW.version := OLD.version + 1;
    RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS action_plans_rules ON action_plans;
CREATE TRIGGER action_plans_rules BEFORE INSERT OR UPDATE OR DELETE ON action_plans
    FOR EACH ROW EXECUTE FUNCTION visitscore_action_plan_rules();
REVOKE ALL ON FUNCTION visitscore_action_plan_rules() FROM PUBLIC;
CREATE OR REPLACE FUNCTION visitscore_plan_audit_author(p_plan BIGINT, p_who TEXT)
    RETURNS TEXT LANGUAGE plpgsql STABLE SET search_path = public, pg_temp AS $$
DECLARE
    v_role TEXT := visitscore_account_role();
BEGIN
    IF v_role = 'admin' THEN
        RETURN p_who;
    END IF;
    IF v_role = 'reviewer' OR (v_role = 'client' AND EXISTS (
            SELECT 1 FROM action_plans WHERE id = p_plan
            AND client_id = visitscore_account_client())) THEN
        RETURN session_user;
    END IF;
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
        MESSAGE = format('the account %s may not write about action plan %s', session_user,
                         p_plan);
END $$;
REVOKE ALL ON FUNCTION visitscore_plan_audit_author(BIGINT, TEXT) FROM PUBLIC;
-- Everyone but an admin is audited by the server, after the row is written, in the connected
-- account's name, whatever the client sends: a raw UPDATE too. The reason is the one the
-- writer's transaction set (visitscore.plan_reason). An admin's store appends its entries
-- itself (with the name the app gives), and only an admin may call the append function.
CREATE OR REPLACE FUNCTION visitscore_action_plan_audit() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_reason TEXT := coalesce(current_setting('visitscore.plan_reason', true), '');
BEGIN
    IF visitscore_account_role() = 'admin' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        PERFORM visitscore_append_plan_audit(NEW.id, session_user, 'state', '', NEW.state,
                                             'opened');
        RETURN NULL;
    END IF;
    IF NEW.owner IS DISTINCT FROM OLD.owner THEN
        PERFORM visitscore_append_plan_audit(NEW.id, session_user, 'owner', OLD.owner,
                                             NEW.owner, v_reason);
    END IF;
    IF NEW.actions IS DISTINCT FROM OLD.actions THEN
        PERFORM visitscore_append_plan_audit(NEW.id, session_user, 'actions', OLD.actions,
                                             NEW.actions, v_reason);
    END IF;
    IF NEW.sections IS DISTINCT FROM OLD.sections THEN
        PERFORM visitscore_append_plan_audit(NEW.id, session_user, 'sections', OLD.sections,
                                             NEW.sections, v_reason);
    END IF;
    IF NEW.start_date IS DISTINCT FROM OLD.start_date THEN
        PERFORM visitscore_append_plan_audit(NEW.id, session_user, 'start_date',
                                             OLD.start_date, NEW.start_date, v_reason);
    END IF;
    IF NEW.due_date IS DISTINCT FROM OLD.due_date THEN
        PERFORM visitscore_append_plan_audit(NEW.id, session_user, 'due_date', OLD.due_date,
                                             NEW.due_date, v_reason);
    END IF;
    IF NEW.state IS DISTINCT FROM OLD.state THEN
        PERFORM visitscore_append_plan_audit(NEW.id, session_user, 'state', OLD.state,
                                             NEW.state, v_reason);
    END IF;
    IF NEW.note IS DISTINCT FROM OLD.note THEN
        PERFORM visitscore_append_plan_audit(NEW.id, session_user, 'note', OLD.note, NEW.note,
                                             v_reason);
    END IF;
    IF NEW.reshop_assignment IS DISTINCT FROM OLD.reshop_assignment THEN
        PERFORM visitscore_append_plan_audit(NEW.id, session_user, 'reshop_assignment',
                                             OLD.reshop_assignment, NEW.reshop_assignment,
                                             v_reason);
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS action_plans_audit ON action_plans;
CREATE TRIGGER action_plans_audit AFTER INSERT OR UPDATE ON action_plans
    FOR EACH ROW EXECUTE FUNCTION visitscore_action_plan_audit();
REVOKE ALL ON FUNCTION visitscore_action_plan_audit() FROM PUBLIC;
REVOKE ALL ON FUNCTION visitscore_append_plan_audit(BIGINT, TEXT, TEXT, TEXT, TEXT, TEXT)
    FROM PUBLIC, visitscore_reviewer, visitscore_client;
GRANT EXECUTE ON FUNCTION visitscore_append_plan_audit(BIGINT, TEXT, TEXT, TEXT, TEXT, TEXT)
    TO visitscore_admin;
GRANT SELECT, UPDATE (actions, state, version) ON action_plans TO visitscore_client;
)SQL";

// Alerts: a client's account reads its own client's notifications (their texts never name a
// shopper) and marks them read for itself; it raises none and never reads or writes the outbox
// (the staff's delivery run raises the notice of a dispute point it opened). The policies are in
// table_rules.
constexpr const char* kAlertRules = R"SQL(
GRANT SELECT ON notifications TO visitscore_client;
GRANT SELECT, INSERT (notification_id), DELETE ON notification_reads TO visitscore_client;
GRANT SELECT ON alert_recipients TO visitscore_client;
)SQL";

struct Policy {
    const char* name;
    const char* command; ///< SELECT, INSERT, UPDATE, DELETE or ALL
    const char* using_;  ///< nullptr for INSERT
    const char* check;   ///< nullptr when none
};

struct TableRules {
    const char* table;
    std::vector<Policy> policies;
    // Table rights per group role (RLS then narrows the rows).
    const char* admin;
    const char* reviewer;
    const char* shopper;
};

#define VS_ROLE "(SELECT visitscore_account_role())"
#define VS_STAFF VS_ROLE " IN ('admin', 'reviewer')"
#define VS_ADMIN VS_ROLE " = 'admin'"
#define VS_SHOPPER VS_ROLE " = 'shopper'"
#define VS_MINE "shopper_id = ANY ((SELECT visitscore_account_shoppers())::BIGINT[])"
#define VS_SHOPPER_CLIENTS                                                                         \
    "(SELECT array_agg(client_id) FROM shoppers WHERE id = ANY ((SELECT "                          \
    "visitscore_account_shoppers())::BIGINT[]))::BIGINT[]"
#define VS_VISIBLE_VISIT "EXISTS (SELECT 1 FROM visits v WHERE v.id = visit_id)"
#define VS_EDITABLE_VISIT                                                                          \
    "EXISTS (SELECT 1 FROM visits v WHERE v.id = visit_id AND v.status IN ('draft', 'returned'))"

const Policy kAdminAll{"admin_all", "ALL", VS_ADMIN, VS_ADMIN};
const Policy kReviewerAdds{"reviewer_adds", "INSERT", nullptr, VS_ROLE " = 'reviewer'"};

// What each kind of person may do with each table (ROLES.md). Organisation and trainings:
// everyone on the staff reads, only an admin changes; a reviewer may add rows, because a visit
// import creates the clients, branches, staff and shoppers a package names (imports are a
// reviewer's job too), but never changes or deactivates them.
std::vector<TableRules> table_rules() {
    const char* const org = "SELECT, INSERT, UPDATE, DELETE";
    std::vector<TableRules> rules;
    // A shopper reads the organisation of the clients they shop for only.
    rules.push_back(
        {"clients",
         {{"staff_reads", "SELECT",
           VS_STAFF " OR (" VS_SHOPPER " AND id = ANY (" VS_SHOPPER_CLIENTS "))", nullptr},
          kAdminAll,
          kReviewerAdds},
         org,
         "SELECT, INSERT",
         "SELECT"});
    for (const char* table : {"regions", "branches", "employees"})
        rules.push_back(
            {table,
             {{"staff_reads", "SELECT",
               VS_STAFF " OR (" VS_SHOPPER " AND client_id = ANY (" VS_SHOPPER_CLIENTS "))",
               nullptr},
              kAdminAll,
              kReviewerAdds},
             org,
             "SELECT, INSERT",
             "SELECT"});
    rules.push_back({"shoppers",
                     {{"staff_reads", "SELECT",
                       VS_STAFF " OR (" VS_SHOPPER " AND id = ANY ((SELECT "
                                "visitscore_account_shoppers())::BIGINT[]))",
                       nullptr},
                      kAdminAll,
                      kReviewerAdds},
                     org,
                     "SELECT, INSERT",
                     "SELECT"});
    for (const char* table : {"trainings", "training_employees"})
        rules.push_back({table,
                         {{"staff_reads", "SELECT", VS_STAFF, nullptr}, kAdminAll, kReviewerAdds},
                         org,
                         "SELECT, INSERT",
                         nullptr});
    // Scorecards (each version a row): the staff read all; a shopper only those one of their
    // assignments names or one of their visits uses (the subqueries read through the shopper's
    // own rules on assignments and visits). Clients read theirs through their views.
    rules.push_back(
        {"templates",
         {{"staff_reads", "SELECT",
           VS_STAFF " OR (" VS_SHOPPER " AND (EXISTS (SELECT 1 FROM assignments a WHERE "
                    "a.template_id = templates.id AND a." VS_MINE ") OR EXISTS (SELECT 1 FROM "
                    "visits v WHERE v.template_id = templates.id AND v." VS_MINE ")))",
           nullptr},
          kAdminAll},
         org,
         "SELECT",
         "SELECT"});
    rules.push_back(
        {"visits",
         {{"reads", "SELECT", VS_STAFF " OR (" VS_SHOPPER " AND " VS_MINE ")", nullptr},
          {"adds", "INSERT", nullptr,
           VS_STAFF " OR (" VS_SHOPPER " AND " VS_MINE " AND status = 'draft')"},
          {"changes", "UPDATE",
           VS_STAFF " OR (" VS_SHOPPER " AND " VS_MINE " AND status IN ('draft', 'returned'))",
           VS_STAFF " OR (" VS_SHOPPER " AND " VS_MINE
                    " AND status IN ('draft', 'returned', 'submitted'))"},
          {"admin_removes", "DELETE", VS_ADMIN, nullptr}},
         org,
         "SELECT, INSERT, UPDATE",
         "SELECT, INSERT, UPDATE"});
    for (const char* table : {"visit_scores", "visit_section_employees", "attachments"})
        rules.push_back(
            {table,
             {{"reads", "SELECT", VS_STAFF " OR " VS_VISIBLE_VISIT, nullptr},
              {"writes", "ALL", VS_STAFF " OR (" VS_SHOPPER " AND " VS_EDITABLE_VISIT ")",
               VS_STAFF " OR (" VS_SHOPPER " AND " VS_EDITABLE_VISIT ")"}},
             org,
             org,
             org});
    // Entries are appended only through visitscore_append_audit (its owner's rights).
    rules.push_back(
        {"audit_log",
         {{"reads", "SELECT", VS_STAFF " OR (" VS_SHOPPER " AND " VS_VISIBLE_VISIT ")", nullptr}},
         "SELECT",
         "SELECT",
         "SELECT"});
    // Assignments: the staff plan and change them; a shopper reads their own and only accepts or
    // declines one still open, or marks it visited by a visit of theirs (the only columns the
    // shopper's group may update: status, visit_uuid, updated_at). Clients: no rights at all.
    rules.push_back(
        {"assignments",
         {{"reads", "SELECT", VS_STAFF " OR (" VS_SHOPPER " AND " VS_MINE ")", nullptr},
          {"staff_writes", "ALL", VS_STAFF, VS_STAFF},
          {"shopper_answers", "UPDATE",
           VS_SHOPPER " AND " VS_MINE " AND status IN ('offered', 'accepted', 'declined')",
           VS_SHOPPER " AND " VS_MINE " AND (status IN ('accepted', 'declined') OR (status = "
                      "'visited' AND EXISTS (SELECT 1 FROM visits v WHERE v.uuid = visit_uuid "
                      "AND "
                      "v.shopper_id = ANY ((SELECT visitscore_account_shoppers())::BIGINT[]))))"}},
         org,
         "SELECT, INSERT, UPDATE",
         "SELECT, UPDATE (status, visit_uuid, updated_at)"});
    // Fees: an admin's; a shopper reads the fees of their own assignments; reviewers and clients
    // have no right on the table at all.
    rules.push_back({"assignment_fees",
                     {{"shopper_reads", "SELECT",
                       VS_SHOPPER " AND EXISTS (SELECT 1 FROM assignments a WHERE a.id = "
                                  "assignment_id AND a." VS_MINE ")",
                       nullptr},
                      kAdminAll},
                     org,
                     nullptr,
                     "SELECT"});
    rules.push_back({"shopper_exclusions",
                     {{"staff_reads", "SELECT", VS_STAFF, nullptr}, kAdminAll},
                     org,
                     "SELECT",
                     nullptr});
    // Disputes: the staff read, open and decide; a client's account reads and opens its own
    // client's (its rights are granted with the dispute rules); a shopper has no right at all.
    // Who may open on which visit and who may decide: visitscore_dispute_rules.
    rules.push_back({"disputes",
                     {{"reads", "SELECT",
                       VS_STAFF " OR (" VS_ROLE " = 'client' AND client_id = (SELECT "
                                "visitscore_account_client()))",
                       nullptr},
                      {"staff_writes", "ALL", VS_STAFF, VS_STAFF},
                      {"client_opens", "INSERT", nullptr,
                       VS_ROLE " = 'client' AND client_id = (SELECT visitscore_account_client())"}},
                     org,
                     "SELECT, INSERT, UPDATE",
                     nullptr});
    // Action plans: the staff read, open and edit; a client's account reads its own client's and
    // changes their actions and state (its rights are granted with the plan rules, which say
    // what it may change); a shopper has no right at all.
    rules.push_back({"action_plans",
                     {{"reads", "SELECT",
                       VS_STAFF " OR (" VS_ROLE " = 'client' AND client_id = (SELECT "
                                "visitscore_account_client()))",
                       nullptr},
                      {"staff_writes", "ALL", VS_STAFF, VS_STAFF},
                      {"client_changes", "UPDATE",
                       VS_ROLE " = 'client' AND client_id = (SELECT visitscore_account_client())",
                       VS_ROLE " = 'client' AND client_id = (SELECT visitscore_account_client())"}},
                     org,
                     "SELECT, INSERT, UPDATE",
                     nullptr});
    // Alerts: the staff raise, read and deliver; an admin sets the addresses; a client's account
    // reads its own client's notifications and addresses (rights granted with kAlertRules); a
    // shopper has no right at all. Everyone who reads notifications marks them read for
    // themselves only, and only those they read; the server writes the account and the time.
#define VS_CLIENT_OWN VS_ROLE " = 'client' AND client_id = (SELECT visitscore_account_client())"
    rules.push_back({"notifications",
                     {{"reads", "SELECT", VS_STAFF " OR (" VS_CLIENT_OWN ")", nullptr},
                      {"staff_writes", "ALL", VS_STAFF, VS_STAFF}},
                     org,
                     "SELECT, INSERT, UPDATE",
                     nullptr});
    rules.push_back({"notification_reads",
                     {{"own", "ALL", "account = session_user",
                       "account = session_user AND EXISTS (SELECT 1 FROM notifications n WHERE "
                       "n.id = notification_id)"}},
                     "SELECT, INSERT (notification_id), DELETE",
                     "SELECT, INSERT (notification_id), DELETE",
                     nullptr});
    rules.push_back({"alert_mail",
                     {{"staff_all", "ALL", VS_STAFF, VS_STAFF}},
                     org,
                     "SELECT, INSERT, UPDATE",
                     nullptr});
    rules.push_back({"alert_recipients",
                     {{"reads", "SELECT", VS_STAFF " OR (" VS_CLIENT_OWN ")", nullptr}, kAdminAll},
                     org,
                     "SELECT",
                     nullptr});
#undef VS_CLIENT_OWN
#define VS_SURVEY_MAPPING VS_ROLE " = 'reviewer' AND key LIKE 'survey\\_mapping.%'"
    rules.push_back({"settings",
                     {{"reads", "SELECT",
                       VS_STAFF " OR (" VS_SHOPPER " AND " VS_READABLE_SETTINGS ")", nullptr},
                      kAdminAll,
                      {"reviewer_survey_mappings", "ALL", VS_SURVEY_MAPPING, VS_SURVEY_MAPPING}},
                     org,
                     "SELECT, INSERT, UPDATE, DELETE",
                     "SELECT"});
#undef VS_SURVEY_MAPPING
    rules.push_back({"server_accounts",
                     {{"reads", "SELECT", VS_ADMIN " OR account = session_user", nullptr}},
                     "SELECT",
                     "SELECT",
                     "SELECT"});
    rules.push_back({"server_clients",
                     {{"reads", "SELECT", VS_STAFF, nullptr}, kAdminAll},
                     org,
                     "SELECT",
                     nullptr});
    return rules;
}

std::string rules_sql() {
    std::string sql;
    for (const TableRules& t : table_rules()) {
        const std::string table = t.table;
        sql += "REVOKE ALL ON " + table +
               " FROM PUBLIC, visitscore_admin, visitscore_reviewer, visitscore_shopper, "
               "visitscore_client;\n";
        sql += "GRANT " + std::string(t.admin) + " ON " + table + " TO visitscore_admin;\n";
        if (t.reviewer)
            sql +=
                "GRANT " + std::string(t.reviewer) + " ON " + table + " TO visitscore_reviewer;\n";
        if (t.shopper)
            sql += "GRANT " + std::string(t.shopper) + " ON " + table + " TO visitscore_shopper;\n";
        // Not FORCE: the views and the SECURITY DEFINER functions read the tables with their
        // owner's rights, which the policies (about the person connected) must not narrow.
        sql += "ALTER TABLE " + table + " ENABLE ROW LEVEL SECURITY;\n";
        sql += "DO $$ DECLARE p TEXT; BEGIN FOR p IN SELECT policyname FROM pg_policies WHERE "
               "schemaname = 'public' AND tablename = '" +
               table + "' LOOP EXECUTE format('DROP POLICY %I ON " + table +
               "', p); END LOOP; END $$;\n";
        for (const Policy& p : t.policies) {
            sql += "CREATE POLICY " + std::string(p.name) + " ON " + table + " FOR " + p.command;
            if (p.using_)
                sql += " USING (" + std::string(p.using_) + ")";
            if (p.check)
                sql += " WITH CHECK (" + std::string(p.check) + ")";
            sql += ";\n";
        }
    }
    sql += "REVOKE ALL ON visitscore_meta FROM PUBLIC;\n"
           "GRANT SELECT ON visitscore_meta TO visitscore_admin, visitscore_reviewer, "
           "visitscore_shopper, visitscore_client;\n"
           "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO visitscore_admin, "
           "visitscore_reviewer, visitscore_shopper;\n"
           // What FactStore::data_version counts: everyone who reads data reads it.
           "DO $$ BEGIN IF to_regclass('public.visitscore_data_version') IS NOT NULL THEN "
           "GRANT SELECT ON visitscore_data_version TO visitscore_admin, visitscore_reviewer, "
           "visitscore_shopper, visitscore_client; END IF; END $$;\n";
    // Functions: PUBLIC may run any function unless revoked.
    sql += "REVOKE ALL ON FUNCTION visitscore_append_audit(BIGINT, TEXT, TEXT, TEXT, TEXT, TEXT, "
           "TEXT) FROM PUBLIC;\n"
           "GRANT EXECUTE ON FUNCTION visitscore_append_audit(BIGINT, TEXT, TEXT, TEXT, TEXT, "
           "TEXT, TEXT) TO visitscore_admin, visitscore_reviewer, visitscore_shopper;\n"
           "REVOKE ALL ON FUNCTION visitscore_audit_author(BIGINT, TEXT, TEXT) FROM PUBLIC;\n"
           "REVOKE ALL ON FUNCTION visitscore_append_assignment_audit(TEXT, TEXT, TEXT, TEXT, "
           "TEXT, TEXT, TEXT) FROM PUBLIC;\n"
           "GRANT EXECUTE ON FUNCTION visitscore_append_assignment_audit(TEXT, TEXT, TEXT, TEXT, "
           "TEXT, TEXT, TEXT) TO visitscore_admin, visitscore_reviewer, visitscore_shopper;\n"
           "REVOKE ALL ON FUNCTION visitscore_assignment_audit_author(TEXT, TEXT) FROM PUBLIC;\n"
           "REVOKE ALL ON FUNCTION visitscore_hmac_sha256(BYTEA, BYTEA) FROM PUBLIC;\n"
           "REVOKE ALL ON FUNCTION visitscore_staff_pseudonym(BIGINT) FROM PUBLIC;\n"
           "GRANT EXECUTE ON FUNCTION visitscore_staff_pseudonym(BIGINT) TO visitscore_admin, "
           "visitscore_reviewer, visitscore_client;\n"
           "REVOKE ALL ON FUNCTION visitscore_add_account(TEXT, TEXT, TEXT, TEXT) FROM PUBLIC;\n"
           "GRANT EXECUTE ON FUNCTION visitscore_add_account(TEXT, TEXT, TEXT, TEXT) TO "
           "visitscore_admin, visitscore_reviewer, visitscore_shopper, visitscore_client;\n"
           "GRANT SELECT ON server_accounts TO visitscore_client;\n"
           "DO $$ BEGIN IF to_regprocedure('visitscore_redact_audit(bigint[],boolean[])') IS NOT "
           "NULL THEN REVOKE ALL ON FUNCTION visitscore_redact_audit(BIGINT[], BOOLEAN[]) FROM "
           "PUBLIC; GRANT EXECUTE ON FUNCTION visitscore_redact_audit(BIGINT[], BOOLEAN[]) TO "
           "visitscore_admin; END IF; END $$;\n"
           "REVOKE ALL ON FUNCTION visitscore_set_password(TEXT, TEXT) FROM PUBLIC;\n"
           "GRANT EXECUTE ON FUNCTION visitscore_set_password(TEXT, TEXT) TO visitscore_admin, "
           "visitscore_reviewer, visitscore_shopper, visitscore_client;\n";
    return sql;
}

#undef VS_ROLE
#undef VS_READABLE_SETTINGS
#undef VS_STAFF
#undef VS_ADMIN
#undef VS_SHOPPER
#undef VS_MINE
#undef VS_SHOPPER_CLIENTS
#undef VS_VISIBLE_VISIT
#undef VS_EDITABLE_VISIT

// The server's own refusals of bad input (invalid_parameter_value) are a person's mistake.
[[noreturn]] void rethrow(pqxx::connection& conn, const std::string& what, const pqxx::failure& e) {
    if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e);
        sql && sql->sqlstate() == "22023") {
        std::string message = e.what();
        if (message.rfind("ERROR:", 0) == 0)
            message.erase(0, message.find_first_not_of(' ', 6));
        message = message.substr(0, message.find('\n')); // not the server's CONTEXT lines
        while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
            message.pop_back();
        throw InputError("", "", what + ": " + message);
    }
    throw pg_error(conn, what, e);
}

std::string base64(const unsigned char* data, std::size_t size) {
    std::string out(4 * ((size + 2) / 3) + 1, '\0');
    const int n =
        EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(size));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

// PostgreSQL's SCRAM-SHA-256 verifier of a password (RFC 5802, RFC 7677), as libpq's
// PQencryptPasswordConn makes it: the server stores it and never sees the password.
std::string scram_verifier(const std::string& password) {
    constexpr int kIterations = 4096;
    unsigned char salt[16];
    if (RAND_bytes(salt, sizeof salt) != 1)
        throw StorageError("cannot make a random salt for the password");
    unsigned char salted[32];
    if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), salt, sizeof salt,
                          kIterations, EVP_sha256(), sizeof salted, salted) != 1)
        throw StorageError("cannot derive the password's key");
    unsigned char client_key[32], server_key[32], stored_key[32];
    unsigned int len = 0;
    HMAC(EVP_sha256(), salted, sizeof salted, reinterpret_cast<const unsigned char*>("Client Key"),
         10, client_key, &len);
    HMAC(EVP_sha256(), salted, sizeof salted, reinterpret_cast<const unsigned char*>("Server Key"),
         10, server_key, &len);
    SHA256(client_key, sizeof client_key, stored_key);
    return "SCRAM-SHA-256$" + std::to_string(kIterations) + ":" + base64(salt, sizeof salt) + "$" +
           base64(stored_key, sizeof stored_key) + ":" + base64(server_key, sizeof server_key);
}

} // namespace

const std::vector<std::string>& server_roles() {
    static const std::vector<std::string> roles = {"admin", "reviewer", "shopper", "client"};
    return roles;
}

PgServer::PgServer(const std::string& uri, bool create) {
    if (!is_server_location(uri))
        throw InputError(uri, "",
                         "server commands work on a PostgreSQL database: --db "
                         "postgresql://user@host:port/name");
    m_store = std::make_unique<PgStore>(uri, create ? OpenMode::Create : OpenMode::MustExist);
}

PgServer::~PgServer() = default;

const std::string& PgServer::account() const {
    return m_store->account();
}

void PgServer::init() {
    pqxx::connection& conn = m_store->connection();
    try {
        pqxx::work tx(conn);
        tx.exec(kGroupRoles);
        tx.exec(kHelpers);
        tx.exec(rules_sql());
        tx.exec(kDisputeRules);
        tx.exec(kActionPlanRules);
        tx.exec(kAlertRules);
        tx.exec(kChannelRules);
        tx.exec(kClientViews);
        tx.exec(kClientTextRules);
        tx.exec_params("INSERT INTO visitscore_meta (key, value) VALUES ('server_rules', $1) "
                       "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                       std::to_string(kServerRulesVersion));
        tx.commit();
    } catch (const pqxx::failure& e) {
        throw pg_error(conn,
                       "setting up the server's roles and rights (server init; it needs a "
                       "superuser, or the tables' owner with CREATEROLE)",
                       e);
    }
    // Client views pseudonymise staff with this key: made now, by an admin, so that no
    // other account ever needs to write it.
    m_store->pseudonym_key();
}

void PgServer::add_account(const std::string& name, const std::string& role,
                           const std::optional<std::string>& client,
                           const std::optional<std::string>& shopper) {
    pqxx::connection& conn = m_store->connection();
    try {
        pqxx::work tx(conn);
        tx.exec_params("SELECT visitscore_add_account($1, $2, $3, $4)", name, role, client,
                       shopper);
        tx.commit();
    } catch (const pqxx::failure& e) {
        rethrow(conn, "adding the server account " + name, e);
    }
}

void PgServer::set_password(const std::string& name, const std::string& password) {
    if (password.empty())
        throw InputError("", "", "an empty password was refused; nothing was changed");
    pqxx::connection& conn = m_store->connection();
    try {
        pqxx::work tx(conn);
        tx.exec_params("SELECT visitscore_set_password($1, $2)", name, scram_verifier(password));
        tx.commit();
    } catch (const pqxx::failure& e) {
        rethrow(conn, "setting the password of " + name, e);
    }
}

std::vector<ServerAccount> PgServer::accounts() {
    pqxx::connection& conn = m_store->connection();
    try {
        pqxx::read_transaction tx(conn);
        const pqxx::result r =
            tx.exec("SELECT a.account, a.role, coalesce(c.name, ''), coalesce(a.shopper_code, ''), "
                    "a.added_at, a.added_by FROM server_accounts a "
                    "LEFT JOIN clients c ON c.id = a.client_id ORDER BY a.account");
        std::vector<ServerAccount> out;
        for (const auto& row : r)
            out.push_back({row[0].as<std::string>(), row[1].as<std::string>(),
                           row[2].as<std::string>(), row[3].as<std::string>(),
                           row[4].as<std::string>(), row[5].as<std::string>()});
        return out;
    } catch (const pqxx::failure& e) {
        throw pg_error(conn, "listing the server accounts", e);
    }
}

ClientViewOptions PgServer::client_options(const std::string& client,
                                           const std::optional<bool>& pseudonymise_staff,
                                           const std::optional<bool>& withhold_photos) {
    pqxx::connection& conn = m_store->connection();
    try {
        pqxx::work tx(conn);
        const pqxx::result id =
            tx.exec_params("SELECT id FROM public.clients WHERE name = $1", client);
        if (id.empty())
            throw InputError("", "", "no client named \"" + client + "\" in this database");
        const auto client_id = id[0][0].as<std::int64_t>();
        if (pseudonymise_staff || withhold_photos)
            tx.exec_params(
                "INSERT INTO server_clients (client_id, pseudonymise_staff, withhold_photos) "
                "VALUES ($1, coalesce($2, FALSE), coalesce($3, FALSE)) ON CONFLICT (client_id) DO "
                "UPDATE SET pseudonymise_staff = coalesce($2, server_clients.pseudonymise_staff), "
                "withhold_photos = coalesce($3, server_clients.withhold_photos)",
                client_id, pseudonymise_staff, withhold_photos);
        const pqxx::result r = tx.exec_params("SELECT pseudonymise_staff, withhold_photos FROM "
                                              "server_clients WHERE client_id = $1",
                                              client_id);
        tx.commit();
        ClientViewOptions options;
        if (!r.empty()) {
            options.pseudonymise_staff = r[0][0].as<bool>();
            options.withhold_photos = r[0][1].as<bool>();
        }
        return options;
    } catch (const pqxx::failure& e) {
        throw pg_error(conn, "changing what the client " + client + " sees", e);
    }
}

} // namespace vs::storage
