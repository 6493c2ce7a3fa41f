// phoenix-kube: a real Kubernetes control plane for Phoenix's tests, in one binary built from the
// pinned Kubernetes release (go.mod). The first argument picks the program:
//
//	phoenix-kube etcd --data-dir DIR --listen-client-urls URL  (embedded etcd, the apiserver's storage)
//	phoenix-kube kube-apiserver ...                            (the upstream command and flags)
//	phoenix-kube kube-controller-manager ...
//	phoenix-kube kube-scheduler ...
//	phoenix-kube kubectl ...
//
// Nothing here changes what the upstream programs do; this file only dispatches to them.
package main

import (
	"flag"
	"fmt"
	"log"
	"net/url"
	"os"
	"os/signal"
	"syscall"

	"go.etcd.io/etcd/server/v3/embed"
	"k8s.io/component-base/cli"
	kubectl "k8s.io/kubectl/pkg/cmd"
	apiserver "k8s.io/kubernetes/cmd/kube-apiserver/app"
	controllermanager "k8s.io/kubernetes/cmd/kube-controller-manager/app"
	scheduler "k8s.io/kubernetes/cmd/kube-scheduler/app"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: phoenix-kube etcd|kube-apiserver|kube-controller-manager|kube-scheduler|kubectl [flags]")
		os.Exit(2)
	}
	program, args := os.Args[1], os.Args[2:]
	os.Args = append([]string{program}, args...)
	switch program {
	case "etcd":
		os.Exit(runEtcd(args))
	case "kube-apiserver":
		os.Exit(cli.Run(apiserver.NewAPIServerCommand()))
	case "kube-controller-manager":
		os.Exit(cli.Run(controllermanager.NewControllerManagerCommand()))
	case "kube-scheduler":
		os.Exit(cli.Run(scheduler.NewSchedulerCommand()))
	case "kubectl":
		os.Exit(cli.Run(kubectl.NewDefaultKubectlCommand()))
	default:
		fmt.Fprintf(os.Stderr, "phoenix-kube: unknown program %q\n", program)
		os.Exit(2)
	}
}

// runEtcd serves a single-member etcd on loopback until SIGTERM or SIGINT.
func runEtcd(args []string) int {
	flags := flag.NewFlagSet("etcd", flag.ContinueOnError)
	dataDir := flags.String("data-dir", "", "directory for etcd's data (required)")
	clientURL := flags.String("listen-client-urls", "http://127.0.0.1:2379", "client URL")
	peerURL := flags.String("listen-peer-urls", "http://127.0.0.1:2380", "peer URL")
	if err := flags.Parse(args); err != nil || *dataDir == "" {
		fmt.Fprintln(os.Stderr, "etcd: --data-dir is required")
		return 2
	}
	client, err := url.Parse(*clientURL)
	if err != nil {
		log.Printf("etcd: bad --listen-client-urls: %v", err)
		return 2
	}
	peer, err := url.Parse(*peerURL)
	if err != nil {
		log.Printf("etcd: bad --listen-peer-urls: %v", err)
		return 2
	}
	cfg := embed.NewConfig()
	cfg.Dir = *dataDir
	cfg.ListenClientUrls, cfg.AdvertiseClientUrls = []url.URL{*client}, []url.URL{*client}
	cfg.ListenPeerUrls, cfg.AdvertisePeerUrls = []url.URL{*peer}, []url.URL{*peer}
	cfg.InitialCluster = cfg.Name + "=" + peer.String()
	cfg.LogLevel = "warn"
	server, err := embed.StartEtcd(cfg)
	if err != nil {
		log.Printf("etcd: %v", err)
		return 1
	}
	defer server.Close()
	<-server.Server.ReadyNotify()
	fmt.Fprintln(os.Stderr, "etcd: ready")
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	select {
	case <-stop:
		return 0
	case err := <-server.Err():
		log.Printf("etcd: %v", err)
		return 1
	}
}
