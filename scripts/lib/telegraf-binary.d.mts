export declare const TELEGRAF_VERSION: string;
export declare const TELEGRAF_PLUGINS: readonly string[];
export declare function cacheDir(version?: string): string;
export declare function cachedBinary(version?: string): string;
export declare function telegrafBinary(version?: string): string | undefined;
