// Client CPU per request of the official Go SDK (tencentcloud-sdk-go) on loopback.
//
// Sends CAR ApplyConcurrent with keep-alive to http://HOST at each concurrency (one client,
// that many goroutines; the transport keeps that many idle connections) and prints, per
// concurrency, the CPU time (user + system, getrusage) of this process per request after a
// warm-up, in the format of tests/e2e/examples/loopback_cpu.rs.
//
// Built by scripts/bench_sdks.py in a scratch module whose go.mod replaces the SDK's modules
// with a local checkout (GO_SDK_DIR). Usage: go_client HOST:PORT REQUESTS 1,64, with
// BENCH_SECRET_ID and BENCH_SECRET_KEY set.
package main

import (
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	car "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/car/v20220110"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
)

func makeClient(host string, concurrency int) *car.Client {
	cred := common.NewCredential(os.Getenv("BENCH_SECRET_ID"), os.Getenv("BENCH_SECRET_KEY"))
	cpf := profile.NewClientProfile()
	cpf.HttpProfile.Endpoint = host
	cpf.HttpProfile.Scheme = "HTTP"
	client, err := car.NewClient(cred, "ap-guangzhou", cpf)
	if err != nil {
		panic(err)
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = concurrency
	client.WithHttpTransport(transport)
	return client
}

func request(i int) *car.ApplyConcurrentRequest {
	req := car.NewApplyConcurrentRequest()
	req.UserId = common.StringPtr(fmt.Sprintf("user-%06d", i))
	req.UserIp = common.StringPtr("203.0.113.7")
	req.ProjectId = common.StringPtr("cap-abcdefgh")
	req.ApplicationId = common.StringPtr("app-a1b2c3d4")
	return req
}

func run(client *car.Client, n, concurrency int) int {
	per := n / concurrency
	var wg sync.WaitGroup
	var once sync.Once
	for t := 0; t < concurrency; t++ {
		wg.Add(1)
		go func(t int) {
			defer wg.Done()
			for i := 0; i < per; i++ {
				if _, err := client.ApplyConcurrent(request(t*per + i)); err != nil {
					once.Do(func() {
						fmt.Fprintf(os.Stderr, "a request failed: %v\n", err)
						os.Exit(1)
					})
				}
			}
		}(t)
	}
	wg.Wait()
	return per * concurrency
}

func cpu() (time.Duration, time.Duration) {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		panic(err)
	}
	return time.Duration(u.Utime.Nano()), time.Duration(u.Stime.Nano())
}

func main() {
	host := os.Args[1]
	total, err := strconv.Atoi(os.Args[2])
	if err != nil {
		panic(err)
	}
	for _, cs := range strings.Split(os.Args[3], ",") {
		c, err := strconv.Atoi(cs)
		if err != nil {
			panic(err)
		}
		client := makeClient(host, c)
		warm := total / 10
		if warm < c {
			warm = c
		}
		run(client, warm, c)
		u0, s0 := cpu()
		wall := time.Now()
		n := run(client, total, c)
		elapsed := time.Since(wall)
		u1, s1 := cpu()
		per := func(d time.Duration) float64 { return float64(d.Microseconds()) / float64(n) }
		fmt.Printf("concurrency %2d: %d requests, client CPU %.1f µs/request (user %.1f, system %.1f), %.0f requests/s\n",
			c, n, per(u1-u0+s1-s0), per(u1-u0), per(s1-s0), float64(n)/elapsed.Seconds())
	}
}
