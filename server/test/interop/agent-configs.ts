/**
 * Configurations for real agents: fast intervals everywhere (1 s collection, flush and heartbeat), metrics written
 * to a file the test reads, and the heartbeat output with every `include` option.
 */
export function agentToml({
  heartbeatUrl,
  inputs = ['[[inputs.mem]]'],
  extra = [],
  heartbeatTls = [],
}: {
  heartbeatUrl: string;
  inputs?: string[];
  extra?: string[];
  heartbeatTls?: string[];
}): string {
  return [
    '[agent]',
    '  interval = "1s"',
    '  flush_interval = "1s"',
    '',
    ...inputs,
    '',
    '[[outputs.file]]',
    '  files = ["&{metrics_file}"]',
    '  data_format = "influx"',
    '',
    '[[outputs.heartbeat]]',
    `  url = "${heartbeatUrl}"`,
    '  instance_id = "&{agent_id}"',
    '  token = "${TELEGRAF_CONTROLLER_TOKEN}"',
    '  interval = "1s"',
    '  include = ["hostname", "statistics", "configs", "logs", "status"]',
    ...heartbeatTls,
    '  [outputs.heartbeat.logs]',
    '    level = "warn"',
    '  [outputs.heartbeat.status]',
    '    warn = "log_errors > 0"',
    '    ok = "true"',
    '    order = ["warn", "ok"]',
    ...extra,
    '',
  ].join('\n');
}

/** An input that fails every interval: the agent logs an error, counts it, and its status turns to warn. */
export const FAILING_EXEC = ['[[inputs.exec]]', '  commands = ["/nonexistent/collector"]', '  data_format = "influx"'];

/** The command with the agent token in the line the controller wrote for it, as the "Use this" dialog does. */
export function withAgentToken(command: string, token: string): string {
  return command.replace(/^export TELEGRAF_CONTROLLER_TOKEN=.*$/m, `export TELEGRAF_CONTROLLER_TOKEN='${token}'`);
}
