// Owned by the features family.
export interface FeaturesDef {
  [key: string]: unknown;
}
