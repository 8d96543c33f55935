/**
 * Where each dprintk the model prints sits in the tree a profile is based on. The
 * model's messages carry the line of today's tree (c447b7308b13, identical to
 * RELEASE-4.22.0 for these files); these tables move them to the line the same message
 * has in an older base, found by matching the message text in the tagged tree
 * (git show RELEASE-4.x.0:xen/<file>). A message absent from a base (its check came
 * later) keeps today's line. For patched trees (the proposals) the base release's
 * lines are an approximation: the patches add a few lines above some of them.
 */
export type SourceLines = Readonly<Record<string, number>>;

/** RELEASE-4.16.0 (the pre-4.17 profile). */
export const LINES_4_16: SourceLines = {
  "common/domain.c:812": 491,
  "common/domain.c:818": 497,
  "common/domain.c:824": 503,
  "common/domain.c:830": 509,
  "common/domain.c:838": 517,
  "common/domain.c:845": 524,
  "common/domain.c:853": 532,
  "common/domain.c:861": 540,
  "common/domain.c:867": 546,
  "arch/arm/domain.c:571": 636,
  "arch/arm/domain.c:607": 644,
  "arch/arm/domain.c:636": 673,
  "arch/arm/domain.c:642": 679,
  "arch/arm/domain.c:650": 687,
  "arch/x86/domain.c:612": 634,
  "arch/x86/domain.c:620": 642,
  "arch/x86/domain.c:626": 648,
  "arch/x86/domain.c:651": 661,
  "arch/x86/domain.c:667": 677,
  "arch/x86/domain.c:673": 683,
  "arch/x86/domain.c:687": 690,
  // EVTCHNOP failures: ERROR_EXIT / ERROR_EXIT_DOM invocations (the text then read
  // "domain %d, error %d" where today's says "%pd, error %d").
  "common/event_channel.c:335": 301,
  "common/event_channel.c:414": 369,
  "common/event_channel.c:426": 374,
  "common/event_channel.c:434": 377,
  "common/event_channel.c:511": 442,
  "common/event_channel.c:525": 454,
  "common/event_channel.c:576": 499,
  "common/event_channel.c:647": 563,
  "common/event_channel.c:654": 566,
  "common/event_fifo.c:92": 93,
};

/** RELEASE-4.15.0 (the 2020 disable_fifo v4 / evtchn_fifo v5 base). */
export const LINES_4_15: SourceLines = {
  "common/domain.c:812": 479,
  "common/domain.c:824": 485,
  "common/domain.c:830": 491,
  "common/domain.c:838": 499,
  "common/domain.c:845": 506,
  "common/domain.c:853": 514,
  "common/domain.c:861": 522,
  "arch/arm/domain.c:571": 629,
  "arch/arm/domain.c:607": 637,
  "arch/arm/domain.c:636": 666,
  "arch/arm/domain.c:642": 672,
  "arch/arm/domain.c:650": 680,
  "arch/x86/domain.c:612": 632,
  "arch/x86/domain.c:620": 640,
  "arch/x86/domain.c:626": 646,
  "arch/x86/domain.c:651": 659,
  "arch/x86/domain.c:667": 675,
  "arch/x86/domain.c:673": 681,
  "arch/x86/domain.c:687": 688,
  // EVTCHNOP failures: ERROR_EXIT / ERROR_EXIT_DOM invocations (the text then read
  // "domain %d, error %d" where today's says "%pd, error %d").
  "common/event_channel.c:335": 300,
  "common/event_channel.c:414": 369,
  "common/event_channel.c:426": 373,
  "common/event_channel.c:434": 377,
  "common/event_channel.c:511": 442,
  "common/event_channel.c:525": 454,
  "common/event_channel.c:576": 499,
  "common/event_channel.c:647": 563,
  "common/event_channel.c:654": 566,
  "common/event_fifo.c:92": 93,
};

/** RELEASE-4.21.0 (the base the is_32bits v1 series applies to). */
export const LINES_4_21: SourceLines = {
  "common/domain.c:812": 740,
  "common/domain.c:818": 746,
  "common/domain.c:824": 752,
  "common/domain.c:830": 758,
  "common/domain.c:838": 766,
  "common/domain.c:845": 773,
  "common/domain.c:853": 781,
  "common/domain.c:861": 789,
  "common/domain.c:867": 795,
  "arch/arm/domain.c:571": 622,
  "arch/arm/domain.c:591": 634,
  "arch/arm/domain.c:597": 640,
  "arch/arm/domain.c:607": 650,
  "arch/arm/domain.c:636": 679,
  "arch/arm/domain.c:642": 685,
  "arch/arm/domain.c:650": 693,
  "arch/arm/domain.c:656": 699,
  "arch/x86/domain.c:612": 640,
  "arch/x86/domain.c:620": 648,
  "arch/x86/domain.c:626": 654,
  "arch/x86/domain.c:645": 667,
  "arch/x86/domain.c:651": 673,
  "arch/x86/domain.c:667": 689,
  "arch/x86/domain.c:673": 695,
  "arch/x86/domain.c:680": 702,
  "arch/x86/domain.c:687": 709,
  "arch/x86/domain.c:694": 716,
  "arch/x86/domain.c:703": 725,
  "arch/x86/domain.c:709": 731,
  "arch/x86/domain.c:715": 737,
  "arch/x86/domain.c:722": 744,
  "arch/x86/domain.c:729": 751,
  "arch/x86/domain.c:735": 757,
  "common/event_channel.c:576": 575,
  "common/event_channel.c:647": 646,
  "common/event_channel.c:654": 653,
  "common/event_fifo.c:92": 93,
};
