/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for lib/nsenum.c: container names from /proc/PID/cgroup texts as runtimes write them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "nsenum.h"

#define ID64 "4f1d0c9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e"

static void expect(const char *cgroup, const char *want)
{
	char *got = (char *)"unset";

	assert_int_equal(ipc_cgroup_container(cgroup, &got), 0);
	if (!want) {
		assert_null(got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void test_runtimes(void **state)
{
	(void)state;
	/* docker, systemd cgroup driver (v2) and cgroupfs driver (v1) */
	expect("0::/system.slice/docker-" ID64 ".scope\n", "docker:4f1d0c9e8b7a");
	expect("12:pids:/docker/" ID64 "\n11:memory:/docker/" ID64 "\n", "docker:4f1d0c9e8b7a");
	/* podman (libpod), rootful and rootless; its conmon is no container */
	expect("0::/machine.slice/libpod-" ID64 ".scope/container\n", "podman:4f1d0c9e8b7a");
	expect("0::/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" ID64
	       ".scope\n", "podman:4f1d0c9e8b7a");
	expect("0::/machine.slice/libpod-conmon-" ID64 ".scope\n", NULL);
	/* cri-o and containerd outside kubernetes */
	expect("0::/system.slice/crio-" ID64 ".scope\n", "cri-o:4f1d0c9e8b7a");
	expect("0::/system.slice/cri-containerd-" ID64 ".scope\n", "containerd:4f1d0c9e8b7a");
}

static void test_kubepods(void **state)
{
	(void)state;
	/* systemd driver: the pod uid with '_' for '-', and the runtime's id */
	expect("0::/kubepods.slice/kubepods-burstable.slice/"
	       "kubepods-burstable-pod0a1b2c3d_4e5f_6789_abcd_ef0123456789.slice/"
	       "cri-containerd-" ID64 ".scope\n",
	       "pod:0a1b2c3d-4e5f-6789-abcd-ef0123456789/containerd:4f1d0c9e8b7a");
	expect("0::/kubepods.slice/kubepods-pod11112222_3333_4444_5555_666677778888.slice/crio-"
	       ID64 ".scope\n", "pod:11112222-3333-4444-5555-666677778888/cri-o:4f1d0c9e8b7a");
	/* cgroupfs driver: a bare id, runtime unknown */
	expect("0::/kubepods/besteffort/pod0a1b2c3d-4e5f-6789-abcd-ef0123456789/" ID64 "\n",
	       "pod:0a1b2c3d-4e5f-6789-abcd-ef0123456789");
}

static void test_machines(void **state)
{
	(void)state;
	/* systemd-nspawn, and a machine registered with machined (escaped) */
	expect("0::/machine.slice/systemd-nspawn@debian12.service/payload\n",
	       "machine:debian12");
	expect("0::/machine.slice/machine-my\\x2dbox.scope/payload\n", "machine:my-box");
}

static void test_none(void **state)
{
	(void)state;
	expect("0::/user.slice/user-0.slice/session-3.scope\n", NULL);
	expect("0::/init.scope\n", NULL);
	expect("0::/\n", NULL);
	expect("", NULL);
	/* malformed: no fields, a short id, a docker id that is no hex */
	expect("garbage\n", NULL);
	expect("0::/system.slice/docker-abc.scope\n", NULL);
	expect("0::/docker/not-an-id-at-all-zzzzzzzz\n", NULL);
	/* no trailing newline */
	expect("0::/system.slice/docker-" ID64 ".scope", "docker:4f1d0c9e8b7a");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_runtimes),
		cmocka_unit_test(test_kubepods),
		cmocka_unit_test(test_machines),
		cmocka_unit_test(test_none),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
