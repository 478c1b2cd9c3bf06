// PatchBayServer
