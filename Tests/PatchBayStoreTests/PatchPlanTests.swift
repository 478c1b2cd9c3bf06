import Foundation
import PatchBayCore
import PatchBayStore
import Testing

@Suite("Merging and stale-write filtering")
struct PatchPlanTests {
    private func update(_ id: UpdateID, time: TimeInterval?, _ fields: KeyValuePairs<String, JSONValue>) -> ClaimedUpdate {
        ClaimedUpdate(
            id: id, eventId: id, source: "s", idempotencyKey: "k\(id)", sequence: id, data: Fixture.object(fields),
            eventTime: time.map(Fixture.time), acceptedAt: Fixture.start, attempts: 0)
    }

    @Test func laterFieldsWinWithoutEventTimes() {
        let plan = PatchPlan(
            updates: [update(1, time: nil, ["email": "a", "phone": "1"]), update(2, time: nil, ["email": "b"])],
            appliedFieldTimes: ["email": Fixture.time(1_000)])
        #expect(plan.data == Fixture.object(["email": "b", "phone": "1"]))
        #expect(plan.appliedUpdateIds == [1, 2])
        #expect(plan.staleUpdateIds.isEmpty)
        #expect(plan.fieldTimes.isEmpty)
    }

    @Test func fieldsOlderThanTheAppliedTimeAreSkippedAndEqualTimesApply() {
        let plan = PatchPlan(
            updates: [update(1, time: 50, ["email_consent": true, "first_name": "Ann", "phone": "1"])],
            appliedFieldTimes: ["email_consent": Fixture.time(100), "phone": Fixture.time(50)])
        #expect(plan.data == Fixture.object(["first_name": "Ann", "phone": "1"]))
        #expect(plan.skippedFields == [1: ["email_consent"]])
        #expect(plan.appliedUpdateIds == [1])
        #expect(plan.fieldTimes == ["first_name": Fixture.time(50), "phone": Fixture.time(50)])
    }

    @Test func updatesInOneFoldProtectEachOther() {
        let plan = PatchPlan(
            updates: [
                update(1, time: 100, ["email_consent": false]),
                update(2, time: 40, ["email_consent": true]),
                update(3, time: nil, ["email_consent": true, "city": "Oslo"]),
            ],
            appliedFieldTimes: [:])
        #expect(plan.staleUpdateIds == [2])
        #expect(plan.appliedUpdateIds == [1, 3])
        #expect(plan.data == Fixture.object(["email_consent": true, "city": "Oslo"]))
        #expect(plan.fieldTimes == ["email_consent": Fixture.time(100)])
    }

    @Test func anUpdateWithNoFieldsIsNotStale() {
        let plan = PatchPlan(updates: [update(1, time: 1, [:])], appliedFieldTimes: ["x": Fixture.time(5)])
        #expect(plan.appliedUpdateIds == [1])
        #expect(plan.data.isEmpty)
    }
}
