/**
 * What a new configuration starts with: the heartbeat output, so every agent that loads it reports to this
 * controller and shows as Ok. `&{agent_id}` is the one parameter every agent's URL must carry.
 */
export function newConfigTemplate(heartbeatBaseUrl: string): string {
  return `# Reports this agent to Telegraf Controller (Telegraf 1.37 or later).
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
