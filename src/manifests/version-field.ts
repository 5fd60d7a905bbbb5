/** The quoting a version scalar was written with; edits keep it. */
export type ScalarStyle = 'plain' | 'single' | 'double';

/** One place in one file that sets a chart's version, found by its exact source range. */
export interface VersionField {
  file: string;
  chart: string;
  /** What holds it, for people: `HelmRelease istio-system/istiod`. */
  resource: string;
  /** The field inside that resource: `spec.chart.spec.version`. */
  field: string;
  /** Keys and indices from the document root, to find the field again after an edit. */
  astPath: (string | number)[];
  /** Document index in the file (counting every `---`). */
  docIndex: number;
  /** Source offsets of the scalar in the file, quotes included. */
  start: number;
  end: number;
  value: string;
  style: ScalarStyle;
  line: number;
  col: number;
}
