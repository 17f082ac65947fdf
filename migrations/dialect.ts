// What the migrations need to know about the dialect they run on. Kept apart from src/ so the
// migrations stay self-contained (they must never change meaning when application code does).
import { type Kysely, PostgresAdapter, sql } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export type AnyDb = Kysely<any>

export const isPostgres = (db: AnyDb): boolean => db.getExecutor().adapter instanceof PostgresAdapter

/**
 * The text type. On PostgreSQL it compares byte-wise (`COLLATE "C"`), as SQLite and D1 do, so
 * ORDER BY, cursors and range filters over ids and dates give the same order on every backend
 * whatever collation the database was created with.
 */
export const textType = (db: AnyDb) => (isPostgres(db) ? sql`text collate "C"` : ('text' as const))

/** 64-bit integers for positions, indexes and sizes (SQLite's integer is already 64-bit). */
export const bigType = (db: AnyDb) => (isPostgres(db) ? ('bigint' as const) : ('integer' as const))
