/** The recovery timeline chart's layout (px): margins for the lane labels and the axis, one lane's height. */
export const LEFT = 48;
export const RIGHT = 14;
export const TOP = 18;
export const LANE_H = 36;
export const AXIS_H = 24;
/** One repository's lane under the timelines (components/timeline/repository-lanes.tsx): its name above a thin bar. */
export const REPO_LANE_H = 26;
