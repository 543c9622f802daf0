export declare const NGINX: string | undefined;
export declare function startNginx(upstreams: {
  api: readonly string[];
  heartbeat: readonly string[];
}): Promise<{ api: string; heartbeat: string; stop(): Promise<void> }>;
