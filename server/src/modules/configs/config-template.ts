/**
 * What a new configuration starts with: one input (Telegraf refuses to run without one, as the interop suite found)
 * and the heartbeat output, so every agent that loads it runs, reports to this controller and shows as Ok.
 * `&{agent_id}` is the one parameter every agent's URL must carry.
 */
export function newConfigTemplate(heartbeatBaseUrl: string): string {
  return `# Telegraf's own metrics: replace or add the inputs this agent collects (Telegraf needs at least one).
[[inputs.internal]]

# Reports this agent to Telegraf Controller (Telegraf 1.37 or later).
[[outputs.heartbeat]]
  url = "${heartbeatBaseUrl}/agents/heartbeat"
  instance_id = "&{agent_id}"
  interval = "1m"
  include = ["hostname", "statistics", "configs", "logs", "status"]
  # Include to authorize with Telegraf Controller
  # Note: If using Telegraf 1.38.x or earlier, use INFLUX_TOKEN
  token = "\${TELEGRAF_CONTROLLER_TOKEN}"

  [outputs.heartbeat.status]
    default = "ok"
`;
}
