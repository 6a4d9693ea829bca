export interface Share {
  /** Percent of all samples, one decimal. */
  share: number;
  /** `function package` for functions, the package alone for packages. */
  name: string;
}

export interface ProfileSummary {
  samples: number;
  selfByPackage: Share[];
  selfByFunction: Share[];
  inclusiveByFunction: Share[];
}

/** A V8 .cpuprofile's nodes and samples, as the inspector's Profiler.stop returns them. */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string };
    children?: number[];
  }[];
  samples: number[];
}

export function summarize(profile: CpuProfile, limit?: number): ProfileSummary;
