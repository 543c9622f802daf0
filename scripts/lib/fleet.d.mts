export declare function random(seed: number): () => number;
export declare const agentId: (i: number) => string;
export declare function heartbeat(
  i: number,
  beat: number,
  options?: { configUrls?: string[]; now?: number },
): Record<string, unknown>;
