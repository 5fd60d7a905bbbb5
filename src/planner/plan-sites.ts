/** A place in a file. */
export interface Site {
  file: string;
  line: number;
  col: number;
}

/** Where request and fleet fields are, so plan problems point at the line a person edits. */
export interface PlanSites {
  request(path: readonly PropertyKey[]): Site;
  fleet(path: readonly PropertyKey[]): Site;
}
