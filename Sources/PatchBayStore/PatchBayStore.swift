// PatchBayStore
