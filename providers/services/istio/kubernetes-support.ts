/**
 * The Kubernetes minors each Istio minor supports, from Istio's "Supported Releases" table
 * (column "Supported Kubernetes Versions"). Update it when a new Istio minor ships: add one line.
 */
export const ISTIO_KUBERNETES_SUPPORT = {
  source: 'https://istio.io/latest/docs/releases/supported-releases/#support-status-of-istio-releases',
  /**
   * When the table was read. Rows 1.13–1.22 were checked against the data file the page renders
   * (istio/istio.io data/compatibility/supportStatus.yml), 1.24 against its release announcement.
   */
  takenOn: '2026-11-23',
  /** Istio minor → supported Kubernetes minors, lowest and highest (inclusive). */
  minors: {
    '1.13': ['1.20', '1.23'],
    '1.14': ['1.21', '1.24'],
    '1.15': ['1.22', '1.25'],
    '1.16': ['1.22', '1.25'],
    '1.17': ['1.23', '1.26'],
    '1.18': ['1.24', '1.27'],
    '1.19': ['1.25', '1.28'],
    '1.20': ['1.25', '1.29'],
    '1.21': ['1.26', '1.29'],
    '1.22': ['1.27', '1.30'],
    '1.23': ['1.27', '1.30'],
    '1.24': ['1.28', '1.31'],
    '1.25': ['1.29', '1.32'],
    '1.26': ['1.29', '1.33'],
    '1.27': ['1.29', '1.33'],
    '1.28': ['1.30', '1.34'],
  } as Record<string, readonly [string, string]>,
};
