/**
 * The binary interface between the scheduler host and its kernels: where each
 * value lives in the kernel's linear memory and what the codes mean.
 *
 * The host (src/scheduler/snapshot) writes a header of i32 words at `base`, then
 * structure-of-arrays regions whose absolute byte addresses it records in the
 * header. Both kernels (the WebAssembly one in assembly/scheduler and the
 * TypeScript reference) read exactly this layout, so one encoding drives both.
 *
 * assembly/scheduler/abi.ts repeats these numbers (AssemblyScript cannot import
 * from here); test/scheduler-kernel.test.ts checks that both files agree.
 *
 * Conventions: counts and ids are i32; quantities and scores are f64 holding
 * integers (exact below 2^53, so sums never depend on order); `[X][NCAP]` means
 * X columns of NCAP node slots, column-major (`col * NCAP + node`).
 */

// ---- header words (i32 index from base) -------------------------------------
/** Number of node slots in use (nodes 0..N-1). */
export const H_N = 0;
/** Node capacity: the stride of every per-node column. */
export const H_NCAP = 1;
/** Number of resources (0 cpu millis, 1 memory bytes, 2 ephemeral-storage bytes, 3 pods, 4.. extended). */
export const H_R = 2;
/** percentageOfNodesToScore; 0 means kube-scheduler's adaptive default. */
export const H_PERCENT = 3;
/** Index of the node the next search starts at (kernel-owned, persists across calls). */
export const H_START = 4;
/** xorshift32 state of the tie-breaking random choice (kernel-owned). */
export const H_RNG = 5;
/** Fit scoring strategy: STRATEGY_LEAST or STRATEGY_MOST. */
export const H_STRATEGY = 6;
/** Score plugin weights. */
export const H_W_FIT = 7;
export const H_W_BAL = 8;
export const H_W_NODEAFF = 9;
export const H_W_TAINT = 10;
export const H_W_IPA = 11;
export const H_W_SPREAD = 12;
export const H_W_IMAGE = 13;
/** i32 words in each pod's toleration bitset (one bit per interned taint). */
export const H_TAINT_WORDS = 14;
/** Used host-port entries (kernel appends when it places a pod with host ports). */
export const H_PORT_N = 15;
export const H_PORT_CAP = 16;
/** Number of interned label values (size of the domain scratch). */
export const H_V = 17;
/** Outputs of the last pod examined: feasible nodes found and nodes examined. */
export const H_LAST_FEAS = 18;
export const H_LAST_PROCESSED = 19;
/** Byte addresses of the regions. */
export const A_ALLOC = 20; // f64 [R][NCAP] allocatable
export const A_REQ = 21; // f64 [R][NCAP] requested (pods resource = pod count)
export const A_NZ = 22; // f64 [2][NCAP] non-zero requested cpu, memory (scoring)
export const A_NFLAGS = 23; // i32 [NCAP] NODE_* flags
export const A_TAINT_OFF = 24; // i32 [NCAP] start of the node's taints in the taint heap
export const A_TAINT_LEN = 25; // i32 [NCAP]
export const A_TAINT_HEAP = 26; // i32 [] taint ids
export const A_TAINT_EFFECT = 27; // i32 [taints] EFFECT_*
export const A_COLS = 28; // i32 [K][NCAP] label value id per node (-1: label absent)
export const A_VALNUM = 29; // f64 [V] integer value of a label value (NaN when not an integer)
export const A_IMG = 30; // f64 [I][NCAP] image size on the node (0: absent)
export const A_IMG_NODES = 31; // i32 [I] nodes holding the image
export const A_CNT = 32; // i32 [M][NCAP] pods on the node matching matcher m
export const A_HOLD = 33; // i32 [H][NCAP] pods on the node holding affinity term h
export const A_PORTS = 34; // i32 [PORT_CAP][3] (node, protocol<<16 | port, ip id; 0 = all addresses)
export const A_LOGW = 35; // f64 [NCAP + 1] log(k + 2): topology spread normalizing weights
export const A_FIT_W = 36; // i32 [R] resource weights of the fit score (0: not scored)
export const A_BAL_W = 37; // i32 [R] resources of the balanced-allocation score (non-zero: used)
export const A_PODS = 38; // i32 [batch][POD_WORDS] pod records
export const A_PI32 = 39; // i32 [] pod heap (lists, programs)
export const A_PF64 = 40; // f64 [] pod heap (requests, numbers)
export const A_S_REASON = 41; // i32 [NCAP] filter outcome per node of the last pod (R_* code, 0 = feasible, -1 = not examined)
export const A_S_DETAIL = 42; // i32 [NCAP] detail of the outcome (taint id, bitmask of insufficient resources)
export const A_S_MARK = 43; // i32 [NCAP] pre-filter marks (affinity, spread, ports) per node
export const A_S_FEAS = 44; // i32 [NCAP] feasible node indices of the last pod, in search order
export const A_S_TOTAL = 45; // f64 [NCAP] weighted total score per feasible entry
export const A_S_RAW = 46; // f64 [NCAP] one plugin's raw score per feasible entry
export const A_S_DOM = 47; // i32 [V] per-domain counts
export const A_S_ELIG = 48; // i32 [NCAP] per-node scratch (spread eligibility)
/** Words in the header. */
export const HEADER_WORDS = 64;

// ---- pod record words (i32 index from the record start) ---------------------
/** Node index required by spec.nodeName; -1 none; -2 a node that does not exist. */
export const P_NODENAME = 0;
export const P_FLAGS = 1;
/** f64 heap index: R requests, then non-zero cpu and memory. */
export const P_REQ = 2;
/** i32 heap index of the required node-selector program; -1 none. */
export const P_NSEL = 3;
/** i32 heap index of the preferred node-affinity program; -1 none. */
export const P_NPREF = 4;
/** i32 heap index of the toleration bitset (H_TAINT_WORDS words). */
export const P_TOL = 5;
/** Lists: heap index and entry count. Entry layouts are given per list. */
export const P_PORTS = 6; // (protocol<<16 | port, ip id)
export const P_NPORTS = 7;
/** Required pod affinity: one matcher (all terms ANDed) and the terms' topology columns. */
export const P_AFF_M = 8;
export const P_AFF = 9; // (column)
export const P_NAFF = 10;
export const P_ANTI = 11; // (matcher, column)
export const P_NANTI = 12;
export const P_EXANTI = 13; // (hold term, column): existing pods' required anti-affinity matching this pod
export const P_NEXANTI = 14;
export const P_SPREAD = 15; // (matcher, column, maxSkew, minDomains, SPREAD_* flags)
export const P_NSPREAD = 16;
export const P_PREFPOD = 17; // (matcher, column, signed weight): this pod's preferred (anti-)affinity
export const P_NPREFPOD = 18;
export const P_SYMPREF = 19; // (hold term, column, signed weight): existing pods' terms matching this pod
export const P_NSYMPREF = 20;
export const P_COUNTS = 21; // (matcher): matchers this pod counts into once placed
export const P_NCOUNTS = 22;
export const P_HOLDS = 23; // (hold term): terms this pod holds once placed
export const P_NHOLDS = 24;
export const P_IMAGES = 25; // (image column), one per container image present on some node
export const P_NIMAGES = 26;
export const P_NCONTAINERS = 27;
/** Outputs: chosen node (-1 unschedulable), its total score, feasible nodes found, nodes examined. */
export const P_OUT_NODE = 28;
export const P_OUT_SCORE = 29;
export const P_OUT_FEAS = 30;
export const P_OUT_PROCESSED = 31;
export const POD_WORDS = 32;

// ---- flags and codes ---------------------------------------------------------
/** Pod flags. */
export const PF_TOLERATES_UNSCHEDULABLE = 1;
/** The pod matches all of its own required affinity terms. */
export const PF_AFF_SELF = 2;
/** Nodes lacking a key of any ScheduleAnyway constraint get no spread score (user-given constraints). */
export const PF_SPREAD_REQUIRE_ALL = 4;
/** Node flags. */
export const NODE_UNSCHEDULABLE = 1;
/** Taint effects. */
export const EFFECT_NO_SCHEDULE = 1;
export const EFFECT_PREFER_NO_SCHEDULE = 2;
export const EFFECT_NO_EXECUTE = 3;
/** Spread constraint flags. */
export const SPREAD_DO_NOT_SCHEDULE = 1;
export const SPREAD_HONOR_AFFINITY = 2;
export const SPREAD_HONOR_TAINTS = 4;
export const SPREAD_SELF_MATCH = 8;
export const SPREAD_HOSTNAME = 16;
/** Fit scoring strategies. */
export const STRATEGY_LEAST = 0;
export const STRATEGY_MOST = 1;
/** Node-selector expression operators. */
export const OP_IN = 1;
export const OP_NOT_IN = 2;
export const OP_EXISTS = 3;
export const OP_DOES_NOT_EXIST = 4;
export const OP_GT = 5;
export const OP_LT = 6;
/** Never matches (an invalid requirement: Kubernetes treats the term as not matching). */
export const OP_NEVER = 7;
/** Label value id of a value no node has. */
export const VALUE_UNKNOWN = -2;
/** Resource indices every snapshot has. */
export const RES_CPU = 0;
export const RES_MEMORY = 1;
export const RES_EPHEMERAL = 2;
export const RES_PODS = 3;

/** Filter outcomes, in kube-scheduler's filter plugin order. */
export const R_OK = 0;
export const R_UNSCHEDULABLE = 1;
export const R_NODE_NAME = 2;
export const R_TAINT = 3;
export const R_NODE_AFFINITY = 4;
export const R_PORTS = 5;
export const R_FIT = 6;
export const R_SPREAD_LABEL = 7;
export const R_SPREAD = 8;
export const R_AFFINITY = 9;
export const R_ANTI_AFFINITY = 10;
export const R_EXISTING_ANTI = 11;
