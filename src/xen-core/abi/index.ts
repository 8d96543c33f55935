export * from "./errno";
export * from "./xen";
export * from "./domctl";
export * from "./arch-arm";
export * from "./event-channel";
export * from "./guest-ops";
