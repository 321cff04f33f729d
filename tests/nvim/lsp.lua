-- Neovim as a client of `tmc lsp`, end to end: start the server with
-- Neovim's own LSP client, open a model, wait for its diagnostics (an
-- error with a did-you-mean hint), apply the did-you-mean quick fix and
-- see the findings come, ask for hover and completion, see the code
-- lenses Neovim shows, ask for inlay hints and semantic tokens, apply a quick fix that
-- triages a finding and see it accepted, stop the client and quit with
-- status 0 when every check held, 1 otherwise (the reason on stderr).
--
-- Neovim 0.7 shows code lenses (vim.lsp.codelens) but has no inlay hints
-- (vim.lsp.inlay_hint came in 0.10), folding from LSP (0.11) or document
-- links: those are asked for as plain requests, which checks the server's
-- answers through Neovim's transport but not how an editor draws them.
--
-- Run by tests/nvim.rs with Neovim 0.7 or later:
--   TMC_BIN=path/to/tmc TMC_NVIM_DIR=scratch/folder \
--     nvim --headless -u NONE -i NONE -c "luafile tests/nvim/lsp.lua"
-- It uses only APIs Neovim 0.7 has (vim.lsp.start_client,
-- vim.lsp.buf_attach_client, vim.lsp.buf_request_sync, vim.diagnostic,
-- vim.lsp.codelens, vim.lsp.util.apply_workspace_edit).

local TIMEOUT = 30000

local function fail(message)
  error(message, 0)
end

local function check(ok, message)
  if not ok then
    fail(message)
  end
end

-- Waits until `ready()` returns a value, and returns it.
local function wait_for(what, ready)
  local value
  local ok = vim.wait(TIMEOUT, function()
    value = ready()
    return value ~= nil and value ~= false
  end, 20)
  check(ok, "timed out waiting for " .. what)
  return value
end

local MODEL = [[
model "Shop" {
  description = "A shop."
}

boundary dmz "DMZ"

Actor customer "Customer"
Server web "Web" in dmz {
  controls {
    sanitizesInput = true
  }
}
Datastore db "Orders" in dmz {
  isSQL = true
}

flow customer -> web "Order"
flow web -> db "Store"
]]

local function lines_of(text)
  return vim.split(text:gsub("\n$", ""), "\n", { plain = true })
end

-- The 0-based line of the first line containing `needle` and the column
-- just after it.
local function after(buf, needle)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local s, e = line:find(needle, 1, true)
    if s then
      return { line = i - 1, character = e }
    end
  end
  fail("no line contains " .. needle)
end

-- The one result of the tmc client for `method`.
local function request(buf, client_id, method, params)
  local answers, err = vim.lsp.buf_request_sync(buf, method, params, TIMEOUT)
  check(answers ~= nil, method .. " failed: " .. tostring(err))
  local answer = answers[client_id]
  check(answer ~= nil, method .. ": no answer from tmc")
  check(answer.err == nil, method .. ": " .. vim.inspect(answer.err))
  return answer.result
end

local function diagnostics(buf)
  return vim.diagnostic.get(buf)
end

local function run()
  local tmc = os.getenv("TMC_BIN")
  local dir = os.getenv("TMC_NVIM_DIR")
  check(tmc and tmc ~= "", "set TMC_BIN to the tmc executable")
  check(dir and dir ~= "", "set TMC_NVIM_DIR to a scratch folder")

  -- A misspelt attribute: `isSQLL` for `isSQL`.
  local path = dir .. "/shop.tm"
  local broken = MODEL:gsub("isSQL =", "isSQLL =")
  vim.fn.writefile(lines_of(broken), path)
  vim.cmd("edit " .. vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()
  local uri = vim.uri_from_bufnr(buf)

  local exited = nil
  local client_id = vim.lsp.start_client({
    name = "tmc",
    cmd = { tmc, "lsp" },
    root_dir = dir,
    -- Every finding a diagnostic of its own (not the worst 3 per element
    -- and a summary): the quick fix below is checked on INP05's own
    -- diagnostic once accepted, when closed findings rank last.
    init_options = { showFindings = true, maxFindingsPerElement = 100 },
    on_exit = function(code, signal)
      exited = { code = code, signal = signal }
    end,
  })
  check(client_id ~= nil, "the tmc client did not start")
  check(vim.lsp.buf_attach_client(buf, client_id), "the buffer was not attached")

  local error = wait_for("the error diagnostic", function()
    for _, d in ipairs(diagnostics(buf)) do
      if d.severity == vim.diagnostic.severity.ERROR then
        return d
      end
    end
  end)
  check(error.message:find("did you mean `isSQL`?", 1, true), "no did-you-mean hint: " .. error.message)
  local at = after(buf, "isSQLL")
  check(error.lnum == at.line, ("the error is on line %d, not %d"):format(error.lnum + 1, at.line + 1))

  -- The did-you-mean quick fix on the error, applied by Neovim (which
  -- sends didChange): the buffer is then the model as meant.
  local fixes = request(buf, client_id, "textDocument/codeAction", {
    textDocument = { uri = uri },
    range = {
      start = { line = error.lnum, character = error.col },
      ["end"] = { line = error.end_lnum or error.lnum, character = error.end_col or error.col },
    },
    context = { diagnostics = {} },
  })
  local replace
  for _, a in ipairs(fixes or {}) do
    if a.title == "Replace with `isSQL`" then
      replace = a
    end
  end
  check(replace and replace.edit, "no did-you-mean quick fix: " .. vim.inspect(fixes))
  check(replace.isPreferred == true, "the did-you-mean fix is not the preferred one")
  vim.lsp.util.apply_workspace_edit(replace.edit, "utf-16")
  local fixed = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n") .. "\n"
  check(fixed == MODEL, "the quick fix did not give the model as meant:\n" .. fixed)
  local found = wait_for("the findings after the fix", function()
    local list = diagnostics(buf)
    local findings = {}
    for _, d in ipairs(list) do
      if d.severity == vim.diagnostic.severity.ERROR then
        return nil
      end
      if d.source == "tmc threats" then
        table.insert(findings, d)
      end
    end
    if #findings > 0 then
      return findings
    end
  end)
  local codes = {}
  for _, d in ipairs(found) do
    codes[d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or "?"] = true
  end
  check(codes["INP05"], "finding INP05 missing: " .. vim.inspect(vim.tbl_keys(codes)))

  -- Code lenses, as Neovim fetches and keeps them: `web`'s open findings.
  vim.lsp.codelens.refresh()
  local web = after(buf, "Server web").line
  local lens = wait_for("a code lens on web", function()
    for _, l in ipairs(vim.lsp.codelens.get(buf) or {}) do
      if l.range.start.line == web and l.command then
        return l
      end
    end
  end)
  check(lens.command.title:find("^%d+ open findings?, worst "), "code lens: " .. lens.command.title)

  -- Inlay hints (a plain request: Neovim 0.7 does not draw them): the
  -- zone `web` sits in, after its header.
  local hints = request(buf, client_id, "textDocument/inlayHint", {
    textDocument = { uri = uri },
    range = { start = { line = 0, character = 0 }, ["end"] = { line = web + 1, character = 0 } },
  })
  local zone
  for _, h in ipairs(hints or {}) do
    if h.position.line == web and type(h.label) == "string" and h.label:find("^zone ") then
      zone = h
    end
  end
  check(zone, "no zone hint on web: " .. vim.inspect(hints))

  -- Semantic tokens (a plain request: Neovim draws them from 0.9 on):
  -- decoded with the legend the server announced, `web` is an element
  -- declared on its line, after its kind.
  local legend = vim.lsp.get_client_by_id(client_id).server_capabilities.semanticTokensProvider.legend
  local tokens = request(buf, client_id, "textDocument/semanticTokens/full", {
    textDocument = { uri = uri },
  })
  local data = tokens and tokens.data or {}
  check(#data > 0 and #data % 5 == 0, "semantic tokens: " .. vim.inspect(tokens))
  local line, column, seen = 0, 0, {}
  for i = 1, #data, 5 do
    if data[i] > 0 then
      column = 0
    end
    line, column = line + data[i], column + data[i + 1]
    if line == web then
      table.insert(seen, legend.tokenTypes[data[i + 3] + 1])
    end
  end
  check(seen[1] == "type" and seen[2] == "variable", "tokens on web's line: " .. vim.inspect(seen))

  -- Hover over a kind.
  local hover = request(buf, client_id, "textDocument/hover", {
    textDocument = { uri = uri },
    position = after(buf, "Datas"),
  })
  check(hover and hover.contents, "hover returned nothing")
  local text = hover.contents.value or vim.inspect(hover.contents)
  check(text:find("kind Datastore", 1, true), "hover lacks `kind Datastore`: " .. text)

  -- Completion of a control's name inside `controls { }`.
  local completion = request(buf, client_id, "textDocument/completion", {
    textDocument = { uri = uri },
    position = after(buf, "    sani"),
  })
  local items = completion and (completion.items or completion) or {}
  local labels = {}
  for _, item in ipairs(items) do
    labels[item.label] = true
  end
  check(labels["validatesInput"], "completion lacks validatesInput: " .. vim.inspect(vim.tbl_keys(labels)))

  -- The quick fix on INP05's diagnostic that accepts it: the edit applied
  -- by Neovim, the buffer recompiled, the finding then accepted.
  local inp05
  for _, d in ipairs(found) do
    if (d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)) == "INP05" then
      inp05 = d
    end
  end
  local range = {
    start = { line = inp05.lnum, character = inp05.col },
    ["end"] = { line = inp05.end_lnum or inp05.lnum, character = inp05.end_col or inp05.col },
  }
  local actions = request(buf, client_id, "textDocument/codeAction", {
    textDocument = { uri = uri },
    range = range,
    context = { diagnostics = {} },
  })
  local accept
  for _, a in ipairs(actions or {}) do
    if a.title == "Triage INP05@web: accept" then
      accept = a
    end
  end
  check(accept and accept.edit, "no quick fix accepting INP05: " .. vim.inspect(actions))
  vim.lsp.util.apply_workspace_edit(accept.edit, "utf-16")
  local joined = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n")
  check(joined:find("Triage triage_INP05_web {", 1, true), "the triage was not written: " .. joined)
  wait_for("INP05 accepted after the quick fix", function()
    local placeholder, accepted = false, false
    for _, d in ipairs(diagnostics(buf)) do
      local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
      if code == "placeholder-justification" then
        placeholder = true
      end
      if code == "INP05" and d.message:find("Status: accepted", 1, true) then
        accepted = true
      end
    end
    return placeholder and accepted
  end)

  -- Stop: Neovim sends shutdown, then exit; the server must end cleanly.
  vim.lsp.stop_client(client_id)
  wait_for("the server to exit", function()
    return exited
  end)
  check(exited.code == 0 and exited.signal == 0,
    ("the server exited with code %s, signal %s"):format(exited.code, exited.signal))
end

local ok, err = pcall(run)
if ok then
  io.stdout:write("nvim lsp test: ok\n")
  vim.cmd("qall!")
else
  io.stderr:write("nvim lsp test failed: " .. tostring(err) .. "\n")
  vim.cmd("cquit 1")
end
