declare module 'minhash' {
  export class Minhash {
    constructor(config?: { numPerm?: number; seed?: number });
    hashvalues: number[];
    update(str: string): void;
    jaccard(other: Minhash): number;
  }
  export class LshIndex {
    constructor(config?: { bandSize?: number });
    insert(key: string, m: Minhash): void;
    query(m: Minhash): string[];
  }
}
