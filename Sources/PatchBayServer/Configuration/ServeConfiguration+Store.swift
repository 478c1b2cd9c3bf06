import PatchBayStore

extension ServeConfiguration {
    /// The store settings this configuration sets: the instance id and the lease.
    var storeSettings: StoreSettings {
        var settings = StoreSettings()
        if let instanceId { settings.instanceId = instanceId }
        settings.leaseDuration = (lease ?? defaultLease) / .seconds(1)
        return settings
    }
}
