using EcurepServer.Core.Catalog;

namespace EcurepServer.Catalog.Postgres;

/// <summary>The PostgreSQL catalog's schema, one migration per version; a released migration is never edited, a change is a new one.</summary>
internal static class PostgresMigrations
{
    public static IReadOnlyList<CatalogMigration> All { get; } =
    [
        new(1, "receipts, deletion marks, upload claims, locks, bans, accounts, events, imports", """
            create table receipts (
                seq bigint generated always as identity primary key,
                id text not null unique,
                path text not null,
                size bigint not null,
                sha256 text not null,
                account text not null,
                anonymous boolean not null,
                site text not null,
                protocol text not null,
                client_address text not null,
                session_id text not null,
                started_utc timestamptz not null,
                completed_utc timestamptz not null,
                route_kind text,
                route_case text,
                route_pmr text,
                stored_path text,
                -- The effective route and the file name, for the filters of "uploads list".
                case_key text,
                pmr_key text,
                name text not null,
                deleted_utc timestamptz,
                already_gone boolean
            );
            create index receipts_completed on receipts (completed_utc);
            create index receipts_account on receipts (lower(account));
            create index receipts_anonymous on receipts (seq) where anonymous;
            create index receipts_site on receipts (lower(site));
            create index receipts_case on receipts (case_key) where case_key is not null;
            create index receipts_pmr on receipts (pmr_key) where pmr_key is not null;
            create index receipts_session on receipts (session_id);
            create index receipts_name on receipts (name);
            create index receipts_delivery on receipts (path, completed_utc);

            create table upload_claims (
                name text primary key,
                claim_id text not null,
                node_id text not null,
                session_id text not null,
                account text not null,
                site text not null,
                protocol text not null,
                client_address text not null,
                started_utc timestamptz not null,
                expires_utc timestamptz not null
            );
            create index upload_claims_node on upload_claims (node_id);
            create index upload_claims_claim on upload_claims (claim_id);

            create table catalog_locks (
                name text primary key,
                holder text not null,
                expires_utc timestamptz not null
            );

            create table bans (
                network text primary key,
                banned_utc timestamptz not null,
                until_utc timestamptz not null,
                offences integer not null,
                reason text not null
            );

            create table accounts (
                id text primary key,
                id_key text not null unique,
                password_hash text not null,
                created_utc timestamptz not null,
                authorized_keys text[] not null,
                quota_bytes_per_day bigint
            );

            create table events (
                seq bigint generated always as identity primary key,
                id text not null,
                sink text not null,
                body text not null,
                state text not null,
                created_utc timestamptz not null,
                lease_node text,
                lease_until timestamptz,
                delivered_utc timestamptz,
                error text,
                unique (id, sink)
            );
            create index events_pending on events (sink, seq) where state = 'pending';

            -- Bumped by every change of its area, so nodes reread accounts and bans only when they moved.
            create table stamps (area text primary key, stamp bigint not null);
            insert into stamps (area, stamp) values ('accounts', 0), ('bans', 0);

            create table imports (source text primary key, imported_utc timestamptz not null);
            """),
        new(2, "delivered events by delivery time, fault rules", """
            create index events_delivered on events (delivered_utc) where state = 'delivered';

            create table fault_rules (
                id text primary key,
                seq bigint not null,
                rule text not null,
                added_utc timestamptz not null,
                times integer,
                fired bigint not null default 0
            );
            insert into stamps (area, stamp) values ('faults', 0);
            """),
        new(3, "indexes for lost uploads and deletion marks", """
            create index receipts_lost on receipts (seq) where case_key is null and pmr_key is null;
            create index receipts_deleted on receipts (deleted_utc) where deleted_utc is not null;
            """),
        new(4, "the sessions connected to each node, as leases", """
            create table connected_sessions (
                session_id text primary key,
                node_id text not null,
                site text not null,
                protocol text not null,
                client_address text not null,
                account text,
                anonymous boolean not null,
                started_utc timestamptz not null,
                expires_utc timestamptz not null
            );
            create index connected_sessions_node on connected_sessions (node_id);
            """),
    ];
}
