-- tmc for Neovim 0.8 or later, without nvim-lspconfig: the `tm` filetype
-- for *.tm files and the tmc language server (`tmc lsp`) on them.
--
-- Install: copy this file to ~/.config/nvim/plugin/tmc.lua (Neovim loads
-- it at startup), or `:source` it. Options, set before it loads (for
-- example in init.lua); these are the defaults:
--
--   vim.g.tmc = { path = "tmc", show_findings = true }
--
-- `path` is the tmc executable (a name on PATH, or a full path);
-- `show_findings` shows the threats found as diagnostics. `:TmcFindings on`
-- and `:TmcFindings off` switch the findings while the server runs.

if vim.g.loaded_tmc then
  return
end
vim.g.loaded_tmc = true

vim.filetype.add({ extension = { tm = "tm" } })

local function options()
  return vim.tbl_extend("force", { path = "tmc", show_findings = true }, vim.g.tmc or {})
end

local function clients()
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients -- the latter before 0.10
  return get({ name = "tmc" })
end

local function notify(client, method, params)
  if vim.fn.has("nvim-0.11") == 1 then
    client:notify(method, params)
  else
    client.notify(method, params)
  end
end

local group = vim.api.nvim_create_augroup("tmc", { clear = true })

vim.api.nvim_create_autocmd("FileType", {
  group = group,
  pattern = "tm",
  callback = function(args)
    vim.bo[args.buf].commentstring = "// %s"
    vim.bo[args.buf].comments = ":///,://"

    local opts = options()
    if vim.fn.executable(opts.path) ~= 1 then
      vim.notify_once(
        ("tmc: cannot start the language server: %q was not found. Install tmc or set vim.g.tmc = { path = ... }."):format(opts.path),
        vim.log.levels.WARN
      )
      return
    end
    local file = vim.api.nvim_buf_get_name(args.buf)
    local dir = vim.fs.dirname(file)
    local git = vim.fs.find(".git", { upward = true, path = dir })[1]
    -- One server per project: vim.lsp.start reuses a client with the same
    -- name and root_dir.
    vim.lsp.start({
      name = "tmc",
      cmd = { opts.path, "lsp" },
      root_dir = git and vim.fs.dirname(git) or dir,
      init_options = { showFindings = opts.show_findings },
      settings = { tmc = { showFindings = opts.show_findings } },
    }, { bufnr = args.buf })
  end,
})

vim.api.nvim_create_user_command("TmcFindings", function(cmd)
  local show = cmd.args == "on"
  vim.g.tmc = vim.tbl_extend("force", vim.g.tmc or {}, { show_findings = show })
  for _, client in ipairs(clients()) do
    client.config.settings = { tmc = { showFindings = show } }
    notify(client, "workspace/didChangeConfiguration", { settings = client.config.settings })
  end
end, {
  nargs = 1,
  complete = function()
    return { "on", "off" }
  end,
  desc = "Show (on) or hide (off) tmc's threat findings as diagnostics",
})
