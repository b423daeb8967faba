// marcjs and marc8 ship without type declarations; these cover what we use.
declare module 'marcjs' {
  /** A parsed record: fields as [tag, value] (control) or [tag, indicators, code, value, ...]. */
  export class Record {
    leader: string;
    fields: string[][];
    append(...fields: string[][]): void;
  }
  /** Anything with Buffer's toString(encoding, start, end): parse reads the record through it. */
  export interface Readable {
    toString(encoding: string, start: number, end: number): string;
  }
  export class Iso2709Parser {
    static parse(data: Readable): Record;
  }
  export class Iso2709Formater {
    static format(record: Record): string;
  }
  export class MarcxmlFormater {
    /** one <record> element, without a namespace */
    static format(record: Record): string;
  }
  const marcjs: {
    Record: typeof Record;
    Iso2709Parser: typeof Iso2709Parser;
    Iso2709Formater: typeof Iso2709Formater;
    MarcxmlFormater: typeof MarcxmlFormater;
  };
  export default marcjs;
}

declare module 'marc8' {
  /** MARC-8 bytes (as a binary string) to Unicode. */
  export default function marc8(
    binary: string,
    options?: {
      normalization?: 'NFC' | 'NFD' | 'NFKC' | 'NFKD' | false;
      invalid?: 'replace';
      replace?: string;
      expandNCR?: boolean;
    },
  ): string;
}
