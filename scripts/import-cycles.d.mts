export function sourceDirs(root?: string): string[];
export function findImportCycles(dirs: string[], opts?: { tsConfig?: string }): Promise<string[][]>;
