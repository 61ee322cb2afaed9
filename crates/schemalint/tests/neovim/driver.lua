-- Runs after the README's Neovim snippet in a headless Neovim (crates/schemalint/tests/neovim.rs):
-- opens the fixture, waits for schemalint's diagnostics, applies the fix of one finding through
-- `vim.lsp.buf.code_action()` as a user would, waits for the re-lint, and writes what it saw to
-- $SCHEMALINT_E2E_RESULT as JSON. Every wait is bounded; a deadline ends Neovim whatever happens.

local result = { step = "start" }

local function finish(error_message)
  result.error = error_message
  local file = assert(io.open(vim.env.SCHEMALINT_E2E_RESULT, "w"))
  file:write(vim.fn.json_encode(result))
  file:close()
  vim.cmd("qall!")
end

vim.defer_fn(function()
  finish("deadline reached during step `" .. result.step .. "`")
end, tonumber(vim.env.SCHEMALINT_E2E_DEADLINE_MS))

local WAIT_MS = 10000

local function schemalint_diagnostics(buf)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.source == "schemalint" then
      table.insert(found, {
        code = d.code,
        lnum = d.lnum,
        col = d.col,
        end_lnum = d.end_lnum,
        end_col = d.end_col,
        severity = d.severity,
        message = d.message,
      })
    end
  end
  return found
end

local function has_code(diagnostics, code)
  for _, d in ipairs(diagnostics) do
    if d.code == code then
      return d
    end
  end
  return nil
end

local function run()
  result.step = "open"
  vim.cmd("edit " .. vim.fn.fnameescape(vim.env.SCHEMALINT_E2E_FILE))
  local buf = vim.api.nvim_get_current_buf()
  result.filetype = vim.bo[buf].filetype

  result.step = "diagnostics"
  local fixed_code = vim.env.SCHEMALINT_E2E_FIX_CODE
  if not vim.wait(WAIT_MS, function()
    return has_code(schemalint_diagnostics(buf), fixed_code) ~= nil
  end, 10) then
    return finish("no `" .. fixed_code .. "` diagnostic within " .. WAIT_MS .. " ms")
  end
  result.diagnostics = schemalint_diagnostics(buf)

  result.step = "code action"
  local target = has_code(result.diagnostics, fixed_code)
  vim.api.nvim_win_set_cursor(0, { target.lnum + 1, target.col })
  -- The menu a user picks from: record it, pick the preferred fix of the finding.
  vim.ui.select = function(items, _, on_choice)
    result.offered = {}
    local chosen = nil
    for i, item in ipairs(items) do
      local action = item[2]
      table.insert(result.offered, { title = action.title, kind = action.kind, isPreferred = action.isPreferred })
      if chosen == nil and action.isPreferred and action.title:find("`" .. fixed_code .. "`", 1, true) then
        chosen = i
      end
    end
    if chosen == nil then
      on_choice(nil, nil)
    else
      on_choice(items[chosen], chosen)
    end
  end
  local tick = vim.api.nvim_buf_get_changedtick(buf)
  vim.lsp.buf.code_action()
  if not vim.wait(WAIT_MS, function()
    return vim.api.nvim_buf_get_changedtick(buf) ~= tick
  end, 10) then
    return finish("the code action did not change the buffer")
  end
  result.text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n")

  result.step = "re-lint"
  if not vim.wait(WAIT_MS, function()
    local now = schemalint_diagnostics(buf)
    return #now > 0 and has_code(now, fixed_code) == nil
  end, 10) then
    return finish("`" .. fixed_code .. "` was still reported after the fix")
  end
  result.after = schemalint_diagnostics(buf)
  result.step = "done"
  finish(nil)
end

vim.schedule(function()
  local ok, err = pcall(run)
  if not ok then
    finish("Lua error: " .. tostring(err))
  end
end)
