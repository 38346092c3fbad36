/*
 * floor: what the kernel alone costs in the steady cases, with no server and no load generator.
 *
 * Not a server and not a benchmark of one: a yardstick. It opens USERS loopback TCP connections
 * and does only what any server and any client of the steady case must do per token: the sending
 * side writes one 60-byte message per connection every PERIOD ms (one write each, due on a 1 ms
 * tick, as Switchboard's pacer does), the receiving side waits in epoll (edge-triggered) and reads
 * them. No framing, no JSON, no checking. What it measures is the floor under both servers' CPU
 * per token and the machine's own lateness at that rate; bench.sh runs it right after the steady-4k
 * pairs, at their user count.
 *
 *   cc -O2 -pthread -o floor floor.c && ./floor [users] [seconds] [port]
 *
 * Prints one JSON object: tokens, delivered (of what the period allows), lateness as the load
 * generator counts it (arrival gap minus the period, p50 and p99 in ms), and CPU seconds of the
 * sending and the receiving threads (user + system, from getrusage per thread).
 *
 * Threads: THREADS senders and THREADS receivers; connection i belongs to sender and receiver
 * i % THREADS, so each per-connection slot has one writer. The histograms are shared and counted
 * with atomic adds.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define THREADS 2 /* as many as the machine's cores, like the pacer and the load generator's loops */
#define PERIOD_MS 50
#define MESSAGE 60 /* about a token frame's size */
#define BUCKETS 100000 /* 0.1 ms each: up to 10 s */

static int users = 4000, seconds = 30, port = 18790;
static int *sending, *receiving; /* the two ends of each connection */
static long long *last_arrival; /* per connection, written by its receiver only */
static long long gap_hist[BUCKETS];
static volatile int stopping;
static pthread_mutex_t totals_lock = PTHREAD_MUTEX_INITIALIZER;
static long long received; /* guarded by totals_lock */
static double send_cpu, receive_cpu; /* guarded by totals_lock */

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static double thread_cpu(void) {
    struct rusage r;
    getrusage(RUSAGE_THREAD, &r);
    return r.ru_utime.tv_sec + r.ru_stime.tv_sec + (r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e6;
}

static void *sender(void *arg) {
    int id = (int)(long)arg;
    long long period = PERIOD_MS * 1000000LL;
    long long start = now_ns(), end = start + seconds * 1000000000LL;
    long long *due = calloc(users, sizeof(long long));
    for (int i = id; i < users; i += THREADS) {
        due[i] = start + (i % PERIOD_MS) * 1000000LL + period; /* spread over the period, as a ramp does */
    }
    char message[MESSAGE];
    memset(message, 'x', sizeof message);
    double cpu0 = thread_cpu();
    while (now_ns() < end) {
        long long t = now_ns();
        for (int i = id; i < users; i += THREADS) {
            if (due[i] <= t) {
                if (write(sending[i], message, sizeof message) != sizeof message) {
                    perror("floor: write");
                    exit(1);
                }
                due[i] = (due[i] + 1000000LL > t ? due[i] : t) + period; /* a late one does not catch up */
            }
        }
        long long next = (t / 1000000LL + 1) * 1000000LL;
        struct timespec tick = {next / 1000000000LL, next % 1000000000LL};
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &tick, NULL);
    }
    double cpu = thread_cpu() - cpu0;
    pthread_mutex_lock(&totals_lock);
    send_cpu += cpu;
    pthread_mutex_unlock(&totals_lock);
    free(due);
    return NULL;
}

static void *receiver(void *arg) {
    int id = (int)(long)arg;
    int ep = epoll_create1(0);
    for (int i = id; i < users; i += THREADS) {
        struct epoll_event e = {.events = EPOLLIN | EPOLLET, .data.u32 = (unsigned)i};
        epoll_ctl(ep, EPOLL_CTL_ADD, receiving[i], &e);
    }
    struct epoll_event events[512];
    char buffer[MESSAGE * 64]; /* whole messages only, so none is split between two reads */
    long long got = 0;
    double cpu0 = thread_cpu();
    while (!stopping) {
        int ready = epoll_wait(ep, events, 512, 100);
        long long t = now_ns();
        for (int j = 0; j < ready; j++) {
            int c = (int)events[j].data.u32;
            for (;;) {
                ssize_t n = recv(receiving[c], buffer, sizeof buffer, 0);
                if (n <= 0) {
                    break;
                }
                for (ssize_t at = 0; at + MESSAGE <= n; at += MESSAGE) {
                    if (last_arrival[c] != 0) {
                        long long late = (t - last_arrival[c] - PERIOD_MS * 1000000LL) / 100000;
                        late = late < 0 ? 0 : late >= BUCKETS ? BUCKETS - 1 : late;
                        __atomic_fetch_add(&gap_hist[late], 1, __ATOMIC_RELAXED);
                    }
                    last_arrival[c] = t;
                    got++;
                }
                if (n < (ssize_t)sizeof buffer) {
                    break; /* edge-triggered: a short read emptied the socket */
                }
            }
        }
    }
    double cpu = thread_cpu() - cpu0;
    pthread_mutex_lock(&totals_lock);
    receive_cpu += cpu;
    received += got;
    pthread_mutex_unlock(&totals_lock);
    close(ep);
    return NULL;
}

static double percentile(double p) {
    long long total = 0, seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
        total += gap_hist[i];
    }
    for (int i = 0; i < BUCKETS; i++) {
        seen += gap_hist[i];
        if (total > 0 && seen >= total * p) {
            return i / 10.0;
        }
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc > 1) users = atoi(argv[1]);
    if (argc > 2) seconds = atoi(argv[2]);
    if (argc > 3) port = atoi(argv[3]);
    if (users < THREADS || seconds < 1) {
        fprintf(stderr, "usage: floor [users >= %d] [seconds >= 1] [port]\n", THREADS);
        return 2;
    }
    /* two sockets a user: take the hard limit on open files, as a JVM does at start */
    struct rlimit files;
    if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
        files.rlim_cur = files.rlim_max;
        setrlimit(RLIMIT_NOFILE, &files);
    }
    sending = calloc(users, sizeof(int));
    receiving = calloc(users, sizeof(int));
    last_arrival = calloc(users, sizeof(long long));
    int one = 1;
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port)};
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    if (bind(listener, (struct sockaddr *)&address, sizeof address) != 0 || listen(listener, 4096) != 0) {
        perror("floor: listen");
        return 1;
    }
    for (int i = 0; i < users; i++) {
        receiving[i] = socket(AF_INET, SOCK_STREAM, 0);
        if (receiving[i] < 0 || connect(receiving[i], (struct sockaddr *)&address, sizeof address) != 0) {
            perror("floor: connect");
            return 1;
        }
        sending[i] = accept(listener, NULL, NULL);
        if (sending[i] < 0) {
            perror("floor: accept");
            return 1;
        }
        setsockopt(sending[i], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one); /* as both servers set it */
    }
    pthread_t senders[THREADS], receivers[THREADS];
    for (long i = 0; i < THREADS; i++) {
        pthread_create(&receivers[i], NULL, receiver, (void *)i);
    }
    for (long i = 0; i < THREADS; i++) {
        pthread_create(&senders[i], NULL, sender, (void *)i);
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(senders[i], NULL);
    }
    struct timespec drain = {0, 300000000}; /* the last messages in flight */
    nanosleep(&drain, NULL);
    stopping = 1;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(receivers[i], NULL);
    }
    double allowed = (double)users * seconds * 1000 / PERIOD_MS;
    printf("{\"users\": %d, \"seconds\": %d, \"periodMs\": %d, \"tokens\": %lld, \"delivered\": %.4f, "
           "\"gapLatenessP50Ms\": %.1f, \"gapLatenessP99Ms\": %.1f, \"sendCpuSeconds\": %.2f, "
           "\"receiveCpuSeconds\": %.2f}\n",
           users, seconds, PERIOD_MS, received, received / allowed, percentile(0.5), percentile(0.99),
           send_cpu, receive_cpu);
    return 0;
}
