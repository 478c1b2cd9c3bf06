import Testing

@testable import ReachStandIn

@Suite struct FaultPlanTests {
    @Test func theSameSeedGivesTheSameFaults() {
        let plan = FaultPlan(
            seed: 42, failRate: 0.3, failStatuses: [500, 503], rateLimitRate: 0.2, retryAfterSeconds: 3,
            latency: .milliseconds(5) ... .milliseconds(50), dropRate: 0.1)
        let first = FaultInjector(plan: plan)
        let second = FaultInjector(plan: plan)
        let decisions = (0..<200).map { _ in first.next() }
        #expect(decisions == (0..<200).map { _ in second.next() })
        let other = FaultInjector(plan: FaultPlan(seed: 43, failRate: 0.3, failStatuses: [500, 503], dropRate: 0.1))
        #expect((0..<200).map { _ in other.next().fault } != decisions.map(\.fault))
    }

    @Test func ratesAndStatusesShapeTheFaults() {
        let plan = FaultPlan(
            seed: 7, failRate: 0.3, failStatuses: [500, 503], rateLimitRate: 0.2, retryAfterSeconds: 3,
            latency: .milliseconds(5) ... .milliseconds(50), dropRate: 0.1)
        let injector = FaultInjector(plan: plan)
        let decisions = (0..<2000).map { _ in injector.next() }
        let drops = decisions.filter { $0.fault == .drop }.count
        let failures = decisions.compactMap { if case .fail(let status) = $0.fault { status } else { nil } }
        let limits = decisions.filter { $0.fault == .rateLimit(retryAfterSeconds: 3) }.count
        #expect((100...300).contains(drops))
        #expect((400...700).contains(failures.count))
        #expect(Set(failures) == [500, 503])
        #expect((180...400).contains(limits))
        #expect(decisions.allSatisfy { (Duration.milliseconds(5)...Duration.milliseconds(50)).contains($0.latency) })
    }

    @Test func stallsComeAfterDropsAndBeforeErrors() {
        let injector = FaultInjector(plan: FaultPlan(seed: 5, failRate: 1, stallRate: 0.5, stall: .seconds(2)))
        let faults = (0..<400).map { _ in injector.next().fault }
        let stalls = faults.filter { $0 == .stall(.seconds(2)) }.count
        #expect((140...260).contains(stalls))
        #expect(faults.allSatisfy { $0 == .stall(.seconds(2)) || $0 == .fail(status: 500) })
    }

    @Test func noFaultsByDefault() {
        let injector = FaultInjector(plan: FaultPlan())
        #expect((0..<100).allSatisfy { _ in injector.next() == .init(fault: nil, latency: .zero) })
    }

    @Test func problemsAreReported() {
        #expect(FaultPlan().problem == nil)
        #expect(FaultPlan(failRate: 1.5).problem != nil)
        #expect(FaultPlan(failRate: 0.5, failStatuses: []).problem != nil)
        #expect(FaultPlan(failStatuses: [200]).problem != nil)
        #expect(FaultPlan(dropRate: -0.1).problem != nil)
        #expect(FaultPlan(stallRate: 2).problem != nil)
    }

    @Test func latencyText() {
        #expect(FaultPlan.latency(from: "250ms") == .milliseconds(250) ... .milliseconds(250))
        #expect(FaultPlan.latency(from: "1.5s") == .milliseconds(1500) ... .milliseconds(1500))
        #expect(FaultPlan.latency(from: "10ms-200ms") == .milliseconds(10) ... .milliseconds(200))
        #expect(FaultPlan.latency(from: "0") == .zero ... .zero)
        for bad in ["", "fast", "200ms-10ms", "1-2-3", "-5ms"] {
            #expect(FaultPlan.latency(from: bad) == nil, "\(bad)")
        }
    }

    @Test func statusText() {
        #expect(FaultPlan.statuses(from: "500, 503") == [500, 503])
        #expect(FaultPlan.statuses(from: "500,x") == nil)
        #expect(FaultPlan.statuses(from: "") == nil)
    }
}
