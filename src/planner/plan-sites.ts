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

/** Sites that point at the top of each file, when no source positions are known. */
export const topOfFiles: PlanSites = {
  request: () => ({ file: 'guard/upgrade.yaml', line: 1, col: 1 }),
  fleet: () => ({ file: 'guard/fleet.yaml', line: 1, col: 1 }),
};
