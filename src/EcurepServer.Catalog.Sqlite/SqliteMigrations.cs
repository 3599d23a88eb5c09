using EcurepServer.Core.Catalog;

namespace EcurepServer.Catalog.Sqlite;

/// <summary>
/// The SQLite schema, one migration per step, in the order they apply. A released migration never changes: a new
/// step is a new entry at the end. Times are UTC ticks (<see cref="DateTimeOffset.UtcTicks"/>), so they compare as numbers.
/// </summary>
internal static class SqliteMigrations
{
    public static IReadOnlyList<CatalogMigration> All { get; } =
    [
        new(1, "receipts with their deletion marks, upload claims, locks, imports", """
            CREATE TABLE receipts (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                id TEXT NOT NULL UNIQUE,
                completed_ticks INTEGER NOT NULL,
                path TEXT NOT NULL,
                name TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                account TEXT NOT NULL COLLATE NOCASE,
                anonymous INTEGER NOT NULL,
                site TEXT NOT NULL COLLATE NOCASE,
                session_id TEXT NOT NULL,
                route_kind TEXT NOT NULL,
                route_key TEXT,
                body TEXT NOT NULL,
                deleted_ticks INTEGER,
                already_gone INTEGER);
            CREATE INDEX receipts_completed ON receipts (completed_ticks);
            CREATE INDEX receipts_route ON receipts (route_kind, route_key);
            CREATE INDEX receipts_account ON receipts (account);
            CREATE INDEX receipts_anonymous ON receipts (anonymous) WHERE anonymous = 1;
            CREATE INDEX receipts_site ON receipts (site);
            CREATE INDEX receipts_session ON receipts (session_id);
            CREATE INDEX receipts_name ON receipts (name);
            CREATE INDEX receipts_path ON receipts (path, completed_ticks);
            CREATE TABLE upload_claims (
                name TEXT PRIMARY KEY,
                claim_id TEXT NOT NULL,
                node_id TEXT NOT NULL,
                session_id TEXT NOT NULL,
                account TEXT NOT NULL,
                site TEXT NOT NULL,
                protocol TEXT NOT NULL,
                client_address TEXT NOT NULL,
                started_ticks INTEGER NOT NULL,
                expires_ticks INTEGER NOT NULL);
            CREATE INDEX upload_claims_node ON upload_claims (node_id);
            CREATE TABLE catalog_locks (
                name TEXT PRIMARY KEY,
                holder TEXT NOT NULL,
                expires_ticks INTEGER NOT NULL);
            CREATE TABLE catalog_imports (
                source TEXT PRIMARY KEY,
                imported_ticks INTEGER NOT NULL,
                receipts INTEGER NOT NULL);
            """),
        new(2, "bans, and the change stamps readers poll", """
            CREATE TABLE bans (
                network TEXT PRIMARY KEY,
                banned_ticks INTEGER NOT NULL,
                until_ticks INTEGER NOT NULL,
                offences INTEGER NOT NULL,
                reason TEXT NOT NULL);
            CREATE TABLE catalog_stamps (
                name TEXT PRIMARY KEY,
                stamp INTEGER NOT NULL);
            """),
        new(3, "the upload event outbox, fault rules", """
            CREATE TABLE events (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                id TEXT NOT NULL,
                sink TEXT NOT NULL,
                body TEXT NOT NULL,
                state TEXT NOT NULL,
                created_ticks INTEGER NOT NULL,
                lease_node TEXT,
                lease_until_ticks INTEGER,
                delivered_ticks INTEGER,
                error TEXT,
                UNIQUE (id, sink));
            CREATE INDEX events_pending ON events (sink, seq) WHERE state = 'pending';
            CREATE INDEX events_delivered ON events (delivered_ticks) WHERE state = 'delivered';
            CREATE TABLE fault_rules (
                id TEXT PRIMARY KEY,
                seq INTEGER NOT NULL,
                rule TEXT NOT NULL,
                added_ticks INTEGER NOT NULL,
                times INTEGER,
                fired INTEGER NOT NULL DEFAULT 0);
            """),
        new(4, "accounts with their authorized keys and quotas", """
            CREATE TABLE accounts (
                id TEXT PRIMARY KEY COLLATE NOCASE,
                password_hash TEXT NOT NULL,
                created_ticks INTEGER NOT NULL,
                authorized_keys TEXT NOT NULL,
                quota_bytes_per_day INTEGER);
            """),
        new(5, "an index on deletion marks, for removing the receipts of long-deleted uploads", """
            CREATE INDEX receipts_deleted ON receipts (deleted_ticks) WHERE deleted_ticks IS NOT NULL;
            """),
        new(6, "the sessions connected to each node, as leases", """
            CREATE TABLE connected_sessions (
                session_id TEXT PRIMARY KEY,
                node_id TEXT NOT NULL,
                site TEXT NOT NULL,
                protocol TEXT NOT NULL,
                client_address TEXT NOT NULL,
                account TEXT,
                anonymous INTEGER NOT NULL,
                started_ticks INTEGER NOT NULL,
                expires_ticks INTEGER NOT NULL);
            CREATE INDEX connected_sessions_node ON connected_sessions (node_id);
            """),
    ];
}
