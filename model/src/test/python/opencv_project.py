#!/usr/bin/env python3
"""OpenCV's side of the projection parity test.

Usage: opencv_project.py CASES.json OUT.json
Each case: {"model": ROS distortion_model, "k": 9 values, "d": D, "rvec": 3, "tvec": 3, "points": 3N values}.
Writes one list of 2N pixel coordinates per case: cv2.fisheye.projectPoints for "equidistant",
cv2.projectPoints otherwise (D of 5 or 8 values, OpenCV's order = ROS camera_info's order).
"""
import json
import sys

import cv2
import numpy as np


def project(case):
    k = np.array(case["k"], dtype=np.float64).reshape(3, 3)
    d = np.array(case["d"], dtype=np.float64)
    rvec = np.array(case["rvec"], dtype=np.float64).reshape(3, 1)
    tvec = np.array(case["tvec"], dtype=np.float64).reshape(3, 1)
    points = np.array(case["points"], dtype=np.float64).reshape(-1, 1, 3)
    if case["model"] == "equidistant":
        pixels, _ = cv2.fisheye.projectPoints(points, rvec, tvec, k, d)
    else:
        pixels, _ = cv2.projectPoints(points, rvec, tvec, k, d)
    return pixels.reshape(-1).tolist()


def main():
    with open(sys.argv[1]) as f:
        cases = json.load(f)
    with open(sys.argv[2], "w") as f:
        json.dump([project(c) for c in cases], f)


if __name__ == "__main__":
    main()
