// Package stress proves awsso under stress, end to end, with the real binary against the
// emulator: faults and throttling it must ride out, networks that fail, sessions revoked
// elsewhere, kill -9 in the middle of writes, many processes on one home at once, and hostile
// input. It holds tests only; the numbers live in bench/.
package stress
