export declare function writeReadmeBlock(file: string, name: string, text: string): Promise<void>;
