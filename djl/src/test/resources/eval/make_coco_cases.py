"""Writes coco_cases.txt: random detection cases and the COCO-style figures computed here, in
plain Python + numpy, following pycocotools' COCOeval (bbox, default parameters) step by step.
A second, independent implementation against which CocoEvaluatorCrossCheckTest checks the Java one.

Run: python3 make_coco_cases.py > coco_cases.txt   (numpy only; seeded, deterministic)
"""
import numpy as np

IOU_T = np.linspace(0.5, 0.95, 10)
REC_T = np.linspace(0.0, 1.0, 101)
AREAS = {"all": (0, 1e10), "small": (0, 32 ** 2), "medium": (32 ** 2, 96 ** 2), "large": (96 ** 2, 1e10)}


def box_iou(d, g):
    iw = min(d[2], g[2]) - max(d[0], g[0])
    ih = min(d[3], g[3]) - max(d[1], g[1])
    if iw <= 0 or ih <= 0:
        return 0.0
    inter = iw * ih
    return inter / ((d[2] - d[0]) * (d[3] - d[1]) + (g[2] - g[0]) * (g[3] - g[1]) - inter)


def area(b):
    return (b[2] - b[0]) * (b[3] - b[1])


def evaluate(gts, dts, nc, scale):
    """gts: list of (img, cls, box); dts: list of (img, cls, score, box), in input order."""
    images = sorted({g[0] for g in gts} | {d[0] for d in dts})
    ap = {}  # (area, cls) -> array of 10 APs
    for k in range(nc):
        for aname, (lo, hi) in AREAS.items():
            lo, hi = lo * scale, hi * scale
            scores, matched, ignored = [], [], []
            n_regular = 0
            for img in images:
                g = [x[2] for x in gts if x[0] == img and x[1] == k]
                d = [x for x in dts if x[0] == img and x[1] == k]
                if not g and not d:
                    continue
                d = sorted(d, key=lambda x: -x[2])[:100]  # stable
                g_ign = [area(b) < lo or area(b) > hi for b in g]
                order = [i for i in range(len(g)) if not g_ign[i]] + [i for i in range(len(g)) if g_ign[i]]
                n_regular += sum(1 for x in g_ign if not x)
                m_rows = np.zeros((10, len(d)), bool)
                i_rows = np.zeros((10, len(d)), bool)
                for t, thr in enumerate(IOU_T):
                    taken = [False] * len(g)
                    for di, det in enumerate(d):
                        best, m = min(thr, 1 - 1e-10), -1
                        for pos, gi in enumerate(order):
                            if taken[pos]:
                                continue
                            if m > -1 and not g_ign[order[m]] and g_ign[gi]:
                                break
                            v = box_iou(det[3], g[gi])
                            if v < best:
                                continue
                            best, m = v, pos
                        if m > -1:
                            taken[m] = True
                            m_rows[t, di] = True
                            i_rows[t, di] = g_ign[order[m]]
                        else:
                            a = area(det[3])
                            i_rows[t, di] = a < lo or a > hi
                scores.extend(x[2] for x in d)
                matched.append(m_rows)
                ignored.append(i_rows)
            if n_regular == 0:
                continue
            if scores:
                idx = np.argsort(-np.array(scores), kind="mergesort")
                M = np.concatenate(matched, axis=1)[:, idx]
                I = np.concatenate(ignored, axis=1)[:, idx]
            else:
                M = I = np.zeros((10, 0), bool)
            res = []
            for t in range(10):
                tp = np.cumsum(M[t] & ~I[t]).astype(float)
                fp = np.cumsum(~M[t] & ~I[t]).astype(float)
                rc = tp / n_regular
                pr = list(tp / (fp + tp + np.spacing(1)))
                for i in range(len(pr) - 1, 0, -1):
                    pr[i - 1] = max(pr[i - 1], pr[i])
                q = np.zeros(101)
                pos = np.searchsorted(rc, REC_T, side="left")
                for r, p in enumerate(pos):
                    if p >= len(pr):
                        break
                    q[r] = pr[p]
                res.append(q.mean())
            ap[(aname, k)] = np.array(res)
    return ap


def random_case(rng, n_images, nc, imgsz):
    gts, dts = [], []
    for img in range(n_images):
        for _ in range(rng.integers(0, 8)):
            k = int(rng.integers(0, nc - 1))  # the last class never has a ground truth
            w, h = np.exp(rng.uniform(np.log(3), np.log(imgsz * 0.6), 2))
            x, y = rng.uniform(0, imgsz - w), rng.uniform(0, imgsz - h)
            box = tuple(float(np.float32(v)) for v in (x, y, x + w, y + h))
            gts.append((img, k, box))
            for _ in range(rng.integers(0, 3)):  # near-duplicates of varying quality
                j = rng.normal(0, 0.06, 4) * np.array([w, h, w, h])
                b = np.array(box) + j
                b = (min(b[0], b[2]), min(b[1], b[3]), max(b[0], b[2]), max(b[1], b[3]))
                kk = k if rng.random() < 0.85 else int(rng.integers(0, nc))
                dts.append((img, kk, float(np.float32(round(rng.random(), 2))),
                            tuple(float(np.float32(v)) for v in b)))
        for _ in range(rng.integers(0, 4)):  # false positives anywhere
            w, h = np.exp(rng.uniform(np.log(3), np.log(imgsz * 0.5), 2))
            x, y = rng.uniform(0, imgsz - w), rng.uniform(0, imgsz - h)
            dts.append((img, int(rng.integers(0, nc)), float(np.float32(round(rng.random(), 2))),
                        tuple(float(np.float32(v)) for v in (x, y, x + w, y + h))))
    # one image-class with more than 100 detections, the true one last
    gts.append((n_images, 0, (10.0, 10.0, 40.0, 40.0)))
    for i in range(105):
        dts.append((n_images, 0, 0.5, (50.0 + i % 50, 50.0, 60.0 + i % 50, 60.0)))
    dts.append((n_images, 0, 0.5, (10.0, 10.0, 40.0, 40.0)))
    order = rng.permutation(len(dts))
    return gts, [dts[i] for i in order]


def main():
    rng = np.random.default_rng(20261125)
    for case in range(4):
        nc, imgsz = 4, 160
        gts, dts = random_case(rng, 12 + 6 * case, nc, imgsz)
        scale = (imgsz / 640) ** 2
        ap = evaluate(gts, dts, nc, scale)
        print(f"case {case} nc {nc} imgsz {imgsz}")
        for g in gts:
            print("gt %d %d %r %r %r %r" % (g[0], g[1], *g[2]))
        for d in dts:
            print("dt %d %d %r %r %r %r %r" % (d[0], d[1], d[2], *d[3]))
        for aname in AREAS:
            for k in range(nc):
                if (aname, k) in ap:
                    print("ap %s %d %s" % (aname, k, " ".join(repr(float(v)) for v in ap[(aname, k)])))
                else:
                    print("ap %s %d none" % (aname, k))
        print("end")


if __name__ == "__main__":
    main()
