// PatchBayTransport
