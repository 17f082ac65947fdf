// The directory read model (organizations, people, positions), written with each directory event.
import type { CompiledQuery, Kysely } from 'kysely'
import type { StoredEvent } from '../domain/envelope'
import type { Database } from '../store/schema'

type PendingEvent = Omit<StoredEvent, 'position'>

export function projectDirectoryEvent(db: Kysely<Database>, e: PendingEvent): CompiledQuery[] {
  const d = e.data as Record<string, string | undefined>
  switch (e.type) {
    case 'OrganizationRegistered':
      return [
        db
          .insertInto('organizations')
          .values({
            org_id: d.orgId as string,
            name: d.name as string,
            kind: d.kind as string,
            parent_id: d.parentId ?? null,
            registered_at: e.recordedAt,
          })
          .compile(),
      ]
    case 'PersonRegistered':
      return [
        db
          .insertInto('people')
          .values({ person_id: d.personId as string, name: d.name as string, registered_at: e.recordedAt })
          .compile(),
      ]
    case 'PositionAssigned':
      return [
        db
          .insertInto('positions')
          .values({
            position_id: d.positionId as string,
            person_id: d.personId as string,
            org_id: d.orgId as string,
            title: d.title as string,
            capacity: d.capacity as string,
            from_date: d.from as string,
            to_date: null,
            end_reason: null,
          })
          .compile(),
      ]
    case 'PositionEnded':
      return [
        db
          .updateTable('positions')
          .set({ to_date: d.to as string, end_reason: d.reason as string })
          .where('position_id', '=', d.positionId as string)
          .compile(),
      ]
    default:
      return []
  }
}
