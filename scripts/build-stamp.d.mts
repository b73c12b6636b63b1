export declare const BUILD_OUTPUTS: readonly string[];
export declare function stampFile(root: string): string;
export declare function buildInputs(root: string): string[];
export declare function sourceStamp(root: string): string;
export declare function isUpToDate(root: string, stamp?: string): boolean;
export declare function writeStamp(root: string, stamp: string): void;
