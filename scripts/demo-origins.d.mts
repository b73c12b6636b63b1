export declare function demoOrigins(origins: readonly string[], extra?: string): string[];
