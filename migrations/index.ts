// A static list, so the migrations bundle for Cloudflare Workers too (no directory reads).
import type { Migration, MigrationProvider } from 'kysely'
import * as m0001 from './0001_initial'
import * as m0002 from './0002_compliance_projection'
import * as m0003 from './0003_ledger'
import * as m0004 from './0004_access_log'
import * as m0005 from './0005_web_sessions'
import * as m0006 from './0006_compliance_report_columns'
import * as m0007 from './0007_compliance_report_items'
import * as m0008 from './0008_finding_dates'
import * as m0009 from './0009_organ_report_one_pass'
import * as m0010 from './0010_drop_decision_obligations'

export const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_compliance_projection': m0002,
  '0003_ledger': m0003,
  '0004_access_log': m0004,
  '0005_web_sessions': m0005,
  '0006_compliance_report_columns': m0006,
  '0007_compliance_report_items': m0007,
  '0008_finding_dates': m0008,
  '0009_organ_report_one_pass': m0009,
  '0010_drop_decision_obligations': m0010,
}

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
}
