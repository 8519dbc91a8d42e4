/** The recovery timeline chart's layout (px): margins for the lane labels and the axis, one lane's height. */
export const LEFT = 48;
export const RIGHT = 14;
export const TOP = 18;
export const LANE_H = 36;
export const AXIS_H = 24;
