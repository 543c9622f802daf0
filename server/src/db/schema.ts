/**
 * The database as Kysely sees it, in camelCase (CamelCasePlugin maps to snake_case columns). Timestamps are ISO-8601
 * UTC strings on both engines; flags are integers 0/1, since SQLite has no boolean type.
 */

export interface ReportingRulesTable {
  id: string;
  description: string;
  notReportingAfterSeconds: number;
  autoDelete: number;
  autoDeleteAfterSeconds: number | null;
  isDefault: number;
  createdAt: string;
  updatedAt: string;
}

export interface Database {
  reportingRules: ReportingRulesTable;
}
