#!/usr/bin/python3
"""Installs the package as a user would and imports it: the ctest `python_install`.

    install_into_venv.py SOURCE_DIR BUILD_DIR

Creates a virtual environment with --system-site-packages in a temporary directory, runs
`pip install --no-build-isolation --no-index` on a copy of SOURCE_DIR/python (so that the source
tree stays clean) with EXPORTCTL_BUILD_DIR=BUILD_DIR (the suite's build: only the native module's
target is brought up to date), then imports exportctl from the environment, outside the source
tree, and checks the installed files. The full build from a clean clone (setup.py's own CMake tree)
is the same command without EXPORTCTL_BUILD_DIR; docs/python.md gives its time.
"""
import ast
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time


def main():
    source_dir, build_dir = (os.path.abspath(a) for a in sys.argv[1:3])
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="exportctl-install-") as tmp:
        venv = os.path.join(tmp, "v")
        subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", venv], check=True)
        package = os.path.join(tmp, "python")
        shutil.copytree(os.path.join(source_dir, "python"), package,
                        ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
        env = dict(os.environ, EXPORTCTL_BUILD_DIR=build_dir, EXPORTCTL_SOURCE_DIR=source_dir,
                   PIP_NO_INPUT="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
        env.pop("PYTHONPATH", None)
        subprocess.run([os.path.join(venv, "bin", "pip"), "install", "-q", "--no-build-isolation", "--no-index",
                        package], check=True, env=env, cwd=tmp)
        code = ("import exportctl, os; print(exportctl.RuleSet.builtin().hash); "
                "d = os.path.dirname(exportctl.__file__); print(d); print(sorted(os.listdir(d)))")
        out = subprocess.run([os.path.join(venv, "bin", "python"), "-c", code], check=True, env=env, cwd=tmp,
                             capture_output=True, text=True).stdout.splitlines()
        files = ast.literal_eval(out[2])
        if not re.fullmatch(r"[0-9a-f]{16}", out[0]):
            sys.exit("install_into_venv: unexpected hash %r" % out[0])
        if not out[1].startswith(venv):
            sys.exit("install_into_venv: exportctl imported from %s, not from the environment" % out[1])
        for name in ("__init__.py", "_api.py", "__init__.pyi", "py.typed"):
            if name not in files:
                sys.exit("install_into_venv: %s is not installed (%s)" % (name, files))
        if not any(n.startswith("_exportctl") and n.endswith(".so") for n in files):
            sys.exit("install_into_venv: the native module is not installed (%s)" % files)
    print("installed into a venv and imported (hash %s) in %.1f s" % (out[0], time.monotonic() - start))


if __name__ == "__main__":
    main()
