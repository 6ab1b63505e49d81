"""Builds the native module exportctl._exportctl with CMake and packages python/exportctl/ around it.

    python3 -m venv --system-site-packages v
    v/bin/pip install --no-build-isolation ./python     # from the repository's root

The native module is the CMake target `exportctl_python` of the repository (python/..), built in
its own tree, build/pip/ (Release; ccache when present), so a second install recompiles only what
changed. Environment:

    EXPORTCTL_BUILD_DIR   build the target in this existing CMake tree instead (e.g. build/ci:
                          the ctest `python_install` reuses the suite's build)
    EXPORTCTL_SOURCE_DIR  the repository, when this directory is a copy of python/ elsewhere
    EXPORTCTL_CMAKE_ARGS  more arguments for CMake's configure step
    CMAKE_BUILD_PARALLEL_LEVEL  jobs (CMake's own variable)

Nothing is downloaded: setuptools and wheel are Debian's (hence --no-build-isolation), and pybind11
is found by CMake (Debian's pybind11-dev), with abseil, toml++, simdjson and Boost (scripts/bootstrap).
"""
import glob
import os
import re
import shlex
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.environ.get("EXPORTCTL_SOURCE_DIR") or os.path.dirname(HERE)
TARGET = "exportctl_python"


def version():
    """The project's version, from project(exportctl VERSION x.y.z) in the root CMakeLists.txt."""
    try:
        with open(os.path.join(ROOT, "CMakeLists.txt"), encoding="utf-8") as f:
            match = re.search(r"project\(exportctl\s+VERSION\s+([0-9.]+)", f.read())
    except OSError:
        match = None
    if match is None:
        sys.exit("exportctl: setup.py must run from the exportctl repository (python/ beside CMakeLists.txt)")
    return match.group(1)


def fail(message):
    """Stops the build with one clear message (pip shows it as the error)."""
    sys.stderr.write("\nexportctl: " + message + "\n\n")
    sys.exit(1)


def find_compiler():
    """The C++ compiler CMake would use: $CXX, else c++, g++ or clang++ on PATH."""
    cxx = os.environ.get("CXX")
    if cxx:
        return shutil.which(shlex.split(cxx)[0])
    for name in ("c++", "g++", "clang++"):
        path = shutil.which(name)
        if path:
            return path
    return None


class CMakeBuild(build_ext):
    """Builds the CMake target exportctl_python and copies _exportctl*.so where the wheel wants it."""

    def run(self):
        cmake = shutil.which("cmake")
        if cmake is None:
            fail("building the native module needs CMake 3.25 or later, and cmake is not on PATH.\n"
                 "On Debian 12: scripts/bootstrap (or apt-get install cmake ninja-build g++), then retry.")
        if find_compiler() is None:
            fail("building the native module needs a C++20 compiler (g++ 12 or clang 14), and none was found "
                 "(CXX, c++, g++, clang++).\nOn Debian 12: scripts/bootstrap (or apt-get install g++), then retry.")
        build_dir = os.environ.get("EXPORTCTL_BUILD_DIR")
        if build_dir:
            build_dir = os.path.abspath(build_dir)
            if not os.path.isfile(os.path.join(build_dir, "CMakeCache.txt")):
                fail("EXPORTCTL_BUILD_DIR=%s is not a configured CMake build tree" % build_dir)
        else:
            build_dir = os.path.join(ROOT, "build", "pip")
            self.configure(cmake, build_dir)
        self.announce("exportctl: cmake --build %s --target %s" % (build_dir, TARGET), level=3)
        self.call([cmake, "--build", build_dir, "--target", TARGET], "the build of the native module failed")
        built = glob.glob(os.path.join(build_dir, "python", "exportctl", "_exportctl*.so"))
        if len(built) != 1:
            fail("expected one _exportctl*.so in %s/python/exportctl, found %d" % (build_dir, len(built)))
        for ext in self.extensions:
            destination = self.get_ext_fullpath(ext.name)
            os.makedirs(os.path.dirname(destination), exist_ok=True)
            shutil.copyfile(built[0], destination)

    def configure(self, cmake, build_dir):
        args = [cmake, "-S", ROOT, "-B", build_dir, "-DCMAKE_BUILD_TYPE=Release",
                "-DEXPORTCTL_DEVELOPER_MODE=OFF", "-DEXPORTCTL_BUILD_PYTHON=ON", "-DEXPORTCTL_BUILD_TESTS=OFF",
                "-DEXPORTCTL_BUILD_CLI=OFF", "-DEXPORTCTL_INSTALL=OFF",
                "-DPython3_EXECUTABLE=" + sys.executable]
        if not os.path.isfile(os.path.join(build_dir, "CMakeCache.txt")) and shutil.which("ninja"):
            args += ["-G", "Ninja"]
        if shutil.which("ccache"):
            for lang in ("C", "CXX"):
                if not os.environ.get("CMAKE_%s_COMPILER_LAUNCHER" % lang):
                    args.append("-DCMAKE_%s_COMPILER_LAUNCHER=ccache" % lang)
        args += shlex.split(os.environ.get("EXPORTCTL_CMAKE_ARGS", ""))
        self.announce("exportctl: " + " ".join(args), level=3)
        self.call(args, "CMake could not configure the build (the message above names what is missing; "
                        "on Debian 12, scripts/bootstrap installs every dependency)")

    @staticmethod
    def call(args, message):
        env = dict(os.environ)
        # ccache: paths relative to the checkout, so another clone's objects are reused.
        env.setdefault("CCACHE_BASEDIR", ROOT)
        try:
            subprocess.run(args, check=True, env=env)
        except subprocess.CalledProcessError:
            fail(message)


# setuptools' metadata (exportctl.egg-info) goes under build/ (ignored by git), not beside setup.py.
EGG_BASE = os.path.join(ROOT, "build", "pip")
os.makedirs(EGG_BASE, exist_ok=True)

setup(
    version=version(),
    options={"egg_info": {"egg_base": EGG_BASE}},
    packages=["exportctl"],
    package_data={"exportctl": ["*.pyi", "py.typed"]},
    ext_modules=[Extension("exportctl._exportctl", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
    zip_safe=False,
)
