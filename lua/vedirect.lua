-- vedirect.lua : Domoticz Lua parser for the VE.Direct logger
--
-- The logger sends one record of your Victron battery monitor as JSON, for example
--   {"device":"default","V":12065,"I":-7625,"CE":-65473,"SOC":839, ...}
-- and this script turns the values you choose into updates of Domoticz devices. With several Victron
-- devices on one logger, "device" says which one the record is from (the logger's vedirect.port.NAME).
-- Installation: see README.md next to this file.

--------------------------------------------------------------------------------
-- YOUR SETTINGS: the only part you need to edit.
--
-- The table `devices` is for a logger with ONE device (vedirect.port=..., whose records say
-- "device":"default"). With several devices (vedirect.port.NAME=...) use the blocks of `by_device`
-- below instead, and delete the four lines of this table (the braces stay): its placeholders 1..4
-- are real devices on most Domoticz installations.
-- One line per Domoticz device, naming the device either by its name or by its idx:
--   ['NAME'] = { label = 'LABEL', multiplier = NUMBER },   -- by name: Setup > Devices, column "Name"
--   [IDX]    = { label = 'LABEL', multiplier = NUMBER },   -- by idx: Setup > Devices, column "Idx"
-- A name keeps working when you delete and re-create the device (it gets a new idx); an idx keeps
-- working when you rename it. The name must be written exactly as Domoticz shows it.
-- Replace the placeholders 1, 2, 3, 4 with your own names or numbers.
-- label      : the VE.Direct field to read (exactly as the device sends it, e.g. 'V', 'SOC').
-- multiplier : the raw value is multiplied by this to get the unit Domoticz shows.
--              It also sets the decimals: 0.001 gives 3 decimals, 0.1 gives 1, 1 gives none.
-- Remove a line (or put -- in front of it) for a device you don't have.
-- Before each update the script checks, in the device list Domoticz gives it, that the device exists
-- and holds one number (not a switch, a text or a two-value meter); otherwise it says so in the
-- Domoticz log and leaves that device alone.
local devices = {
  [1] = { label = 'V',   multiplier = 0.001 },  -- battery voltage, mV -> V   (Voltage)
  [2] = { label = 'I',   multiplier = 0.001 },  -- battery current, mA -> A   (Ampere (1 Phase))
  [3] = { label = 'CE',  multiplier = 0.001 },  -- consumed energy, mAh -> Ah (Custom Sensor, axis label Ah)
  [4] = { label = 'SOC', multiplier = 0.1 },    -- state of charge, per mille -> % (Percentage)
  -- the same by name, e.g.: ['Battery voltage'] = { label = 'V', multiplier = 0.001 },
}

-- Several Victron devices on one logger (vedirect.port.house=..., vedirect.port.solar=...): one block per
-- device name, and in it one line per value:
--   LABEL = { idx = IDX, multiplier = NUMBER },   or   LABEL = { name = 'NAME', multiplier = NUMBER },
-- The block's name is the device's name in the logger's settings, written exactly (upper and lower case
-- count). A record from a named device that has no block here updates nothing (the table above is only
-- for the unnamed device), and the Domoticz log says so once. Remove the -- in front of the lines to use
-- the example, and empty the table `devices` above.
local by_device = {
  -- house = {                                   -- the BMV: vedirect.port.house=...
  --   V   = { idx = 1, multiplier = 0.001 },    -- battery voltage, V
  --   SOC = { idx = 4, multiplier = 0.1 },      -- state of charge, %
  -- },
  -- solar = {                                   -- the MPPT: vedirect.port.solar=...
  --   V   = { idx = 5, multiplier = 0.001 },    -- its battery voltage, V
  --   PPV = { idx = 6, multiplier = 1 },        -- panel power, W
  --   H20 = { idx = 7, multiplier = 0.01 },     -- yield today, kWh
  -- },
}

-- true: write a line in the Domoticz log for every device update (handy while setting up;
-- set back to false afterwards, the logger sends a record every few seconds).
local verbose = false

-- A problem (a missing label, a wrong idx or name) is written to the Domoticz log once, not with every
-- record, and again after this many hours if it lasts. Saving this file, or deleting the file
-- vedirect.lua.said next to it, makes the script say everything again at the next record.
local repeat_hours = 24
-- END OF YOUR SETTINGS
--------------------------------------------------------------------------------

local function log(message)
  print('vedirect: ' .. message)
end

-- How many decimals a multiplier stands for: 0.001 -> 3, 0.1 -> 1, 1 -> 0, 0.25 -> 2.
-- Counted by scaling until the value is whole, because 0.001 has no exact binary form.
local function decimals_of(multiplier)
  local m = math.abs(multiplier)
  local d = 0
  while d < 9 and math.abs(m - math.floor(m + 0.5)) > 1e-6 * math.max(m, 1) do
    m = m * 10
    d = d + 1
  end
  return d
end

-- Domoticz stores tostring() of what it is given, and every JSON number reaches Lua as a float:
-- without this, 54645 would be stored as '54645.0' and 54645 * 0.001 as '54.645000000000003'.
local function format_value(value, multiplier)
  local text = string.format('%.' .. decimals_of(multiplier) .. 'f', value * multiplier)
  if text:find('.', 1, true) then
    text = text:gsub('0+$', ''):gsub('%.$', '')
  end
  if text == '-0' then
    text = '0'
  end
  return text
end

-- What the script has to say about the settings is said once, not with every record. Domoticz makes a
-- new Lua state for every request (CLuaHandler::executeLuaScript) and closes it when the script ends,
-- so nothing in Lua survives from one record to the next: the memory has to be a file. It sits next to
-- the script and starts afresh when the script's text changes (a fingerprint of the text is its first
-- line), so an edit that fixes one thing makes the script report what is still wrong.
local pending = {}       -- { key, text } to say at the end of this run
local pending_keys = {}

local function say(key, text)
  key = key:gsub('[\r\n]', ' ')
  if not pending_keys[key] then
    pending_keys[key] = true
    pending[#pending + 1] = { key = key, text = text }
  end
end

local function script_file()
  local source = debug.getinfo(1, 'S').source
  if type(source) == 'string' and source:sub(1, 1) == '@' then
    return source:sub(2)
  end
  return nil
end

-- FNV-1a over the script's own text: cheap, and read only when there is something to say.
local function fingerprint(path)
  local file = io.open(path, 'rb')
  if not file then
    return nil
  end
  local text = file:read('a') or ''
  file:close()
  local h = 2166136261
  for i = 1, #text, 4096 do
    local bytes = { text:byte(i, math.min(i + 4095, #text)) }
    for j = 1, #bytes do
      h = ((h ~ bytes[j]) * 16777619) & 0xffffffff
    end
  end
  return string.format('%08x', h)
end

local function say_pending()
  if #pending == 0 then
    return
  end
  local path = script_file()
  local print_ = fingerprint(path or '')
  if path == nil or print_ == nil then
    for _, line in ipairs(pending) do
      log(line.text)
    end
    return
  end
  local memory_path = path .. '.said'
  local said = {}
  local file = io.open(memory_path, 'r')
  if file then
    if file:read('l') == 'fingerprint ' .. print_ then
      for line in file:lines() do
        local at, key = line:match('^(%d+) (.*)$')
        if at then
          said[key] = tonumber(at)
        end
      end
    end
    file:close()
  end
  local now = os.time()
  local again_after = (tonumber(repeat_hours) or 24) * 3600
  local changed = false
  for _, line in ipairs(pending) do
    local at = said[line.key]
    if at == nil or now - at >= again_after or at > now then
      log(line.text)
      said[line.key] = now
      changed = true
    end
  end
  if not changed then
    return
  end
  -- Written whole to a new file and renamed over the old one, so a reader never sees half of it.
  local lines = { 'fingerprint ' .. print_ }
  for key, at in pairs(said) do
    if now - at < again_after then
      lines[#lines + 1] = at .. ' ' .. key
    end
  end
  local temporary = memory_path .. '.new'
  local out, why = io.open(temporary, 'w')
  local ok = out ~= nil
  if ok then
    ok = out:write(table.concat(lines, '\n'), '\n') ~= nil
    out:close()
    -- os.rename does not replace an existing file on Windows: remove it first there.
    ok = ok and (os.rename(temporary, memory_path) or (os.remove(memory_path) and os.rename(temporary, memory_path)))
  end
  if not ok then
    os.remove(temporary)
    log('cannot write ' .. memory_path .. ' (' .. tostring(why or 'rename failed')
      .. '): the lines above will come again with every record')
  end
end

-- GET puts the JSON in the URL (uri['data']); POST sends it as the request body.
local data = nil
if type(uri) == 'table' and type(uri['data']) == 'string' and uri['data'] ~= '' then
  data = uri['data']
elseif type(request) == 'table' and type(request['content']) == 'string' and request['content'] ~= '' then
  data = request['content']
end
if data == nil then
  log('no data received (neither a data= parameter nor a request body)')
  return
end
if not data:find('^%s*{') then
  log('data is not a JSON object: ' .. data:sub(1, 60))
  return
end

-- The lines to follow: { target = idx (number) or device name (string), label, multiplier }. The table
-- `devices` for the unnamed device (a record without "device", or "device":"default"), the device's own
-- block for a named one (its log lines then start with its name). A named device without a block gets
-- nothing: the table `devices` holds another device's idx, and filling those sensors with this device's
-- values (its 12.7 V in "House voltage") is worse than leaving them alone.
local device_name = domoticz_applyJsonPath(data, '.device')
if type(device_name) ~= 'string' then
  device_name = 'default'
end
local prefix = ''
local lines = {}
local unmatched = false
if type(by_device[device_name]) == 'table' then
  prefix = device_name .. ': '
  for label, line in pairs(by_device[device_name]) do
    local target = type(line) == 'table' and (line.idx or line.name) or nil
    if target ~= nil then
      lines[#lines + 1] = { target = target, label = tostring(label), multiplier = line.multiplier }
    else
      say(prefix .. tostring(label) .. '|no idx', prefix .. 'the line of label ' .. tostring(label)
        .. ' has neither idx nor name, check the settings')
    end
  end
elseif device_name == 'default' then
  for target, line in pairs(devices) do
    if type(line) == 'table' then
      lines[#lines + 1] = { target = target, label = tostring(line.label), multiplier = line.multiplier }
    end
  end
else
  unmatched = true
  local blocks = {}
  local near = nil
  for name in pairs(by_device) do
    blocks[#blocks + 1] = tostring(name)
    if tostring(name):lower() == device_name:lower() then
      near = tostring(name)
    end
  end
  table.sort(blocks)
  local have = #blocks == 0 and 'by_device has no blocks'
    or ('the blocks are: ' .. table.concat(blocks, ', '))
  say('device|' .. device_name, "device '" .. device_name .. "' has no block in by_device ("
    .. have .. (near and ("; did you mean '" .. near .. "'? Upper and lower case count") or '')
    .. '): its records update nothing. Add a block named exactly as in the logger\'s vedirect.port.'
    .. device_name .. ' (the table devices serves only the unnamed device, default)')
end

-- Sorted (numbers first, then names), so the log lines come in the same order every time.
table.sort(lines, function(a, b)
  if type(a.target) ~= type(b.target) then
    return type(a.target) == 'number'
  end
  if a.target ~= b.target then
    return a.target < b.target
  end
  return a.label < b.label
end)

-- What Domoticz tells a parser about its devices (CEventSystem::ExportDeviceStatesToLua): tables keyed
-- by device name, for the used devices of enabled hardware, holding the idx (otherdevices_idx), the
-- svalue (otherdevices_svalues) and the state (otherdevices: "On", "Off"... for a switch, the svalue
-- for a sensor). Not the device's type: that has to be read from the state and the svalue. The tables
-- are empty while Domoticz starts (it answers HTTP about 2 s before its event system has loaded the
-- devices) and for good with the event system disabled (Setup > Settings > Other): then nothing can be
-- checked, and as each record runs the script afresh, the next one looks again.
local known = type(otherdevices_idx) == 'table' and next(otherdevices_idx) ~= nil
local name_of = {}
if known then
  for name, idx in pairs(otherdevices_idx) do
    name_of[idx] = name
  end
end

-- The idx to update for a line, or nil after saying why not.
local function resolve(line)
  local label = line.label
  local target = line.target
  local key = prefix .. label .. '|' .. tostring(target)
  local idx, name
  if type(target) == 'string' then
    if not known then
      say(key .. '|no list', prefix .. 'label ' .. label .. ": cannot find device '" .. target
        .. "': Domoticz gave the script no device list. Domoticz may still be starting (it answers"
        .. ' before its event system runs; the next record tries again), or its Event System is off'
        .. ' (Setup > Settings > Other; then use the idx). Skipped this time')
      return nil
    end
    idx = otherdevices_idx[target]
    if idx == nil then
      say(key .. '|no name', prefix .. 'label ' .. label .. ": Domoticz has no device named '" .. target
        .. "' (Setup > Devices, column Name; the name must match exactly). Skipped")
      return nil
    end
    name = target
  elseif math.type(target) == 'integer' or (type(target) == 'number' and math.tointeger(target)) then
    idx = math.tointeger(target)
    if not known then
      return idx
    end
    name = name_of[idx]
    if name == nil then
      say(key .. '|no idx', prefix .. 'label ' .. label .. ': Domoticz has no device with idx ' .. idx
        .. ' (Setup > Devices, column Idx; a device of disabled hardware, or one sharing its name with'
        .. ' another device, is not found either). Skipped')
      return nil
    end
  else
    say(key .. '|bad', prefix .. 'label ' .. label .. ': ' .. tostring(target)
      .. ' is neither an idx nor a device name, check the settings')
    return nil
  end
  -- This script sends one number per device: the device must be a sensor holding one number.
  local state = type(otherdevices) == 'table' and otherdevices[name] or nil
  local svalue = type(otherdevices_svalues) == 'table' and otherdevices_svalues[name] or nil
  local what = 'device ' .. idx .. " '" .. name .. "'"
  local problem = nil
  if svalue == nil then
    problem = nil  -- nothing to check against
  elseif state ~= nil and state ~= svalue and svalue ~= '' then
    problem = "shows '" .. tostring(state) .. "', not a value: it is a switch (or another device with"
      .. ' states), not a sensor for a number'
  elseif svalue == '' then
    problem = 'keeps no svalue: it is not a sensor for a number'
  elseif svalue:find(';', 1, true) then
    problem = "holds several values ('" .. svalue:sub(1, 30) .. "'), as an Electric (Instant+Counter)"
      .. ' does; this script sends one number (the logger\'s direct mode, domoticz.devices, can feed it)'
  elseif tonumber(svalue) == nil then
    problem = "holds text ('" .. svalue:sub(1, 30) .. "'), as a Text or Alert device does; this script"
      .. " sends numbers (the logger's direct mode, domoticz.devices, can feed it)"
  end
  if problem then
    say(key .. '|kind', prefix .. 'label ' .. label .. ': ' .. what .. ' ' .. problem .. '. Skipped')
    return nil
  end
  return idx, what
end

local function main()
  local values = {}
  local found = 0
  for i, line in ipairs(lines) do
    local value = domoticz_applyJsonPath(data, '.' .. line.label)
    values[i] = value
    if value ~= nil then
      found = found + 1
    end
  end
  -- Invalid or cut-off JSON gives nil for every label: one line says more than one per device.
  if found == 0 and #lines > 0 then
    log(prefix .. 'none of the configured labels found; invalid or truncated JSON? ' .. data:sub(1, 60))
    return
  end

  for i, line in ipairs(lines) do
    local label = line.label
    local value = values[i]
    local idx, what = resolve(line)   -- nil: resolve() has said why, and the line is skipped
    if idx ~= nil then
      what = what or ('device ' .. idx)
      local key = prefix .. label .. '|' .. idx .. '|'
      if value == nil then
        say(key .. 'missing', prefix .. 'label ' .. label .. ' missing, ' .. what .. ' not updated')
      elseif type(value) ~= 'number' or value ~= value or value == math.huge or value == -math.huge then
        say(key .. 'not a number', prefix .. 'label ' .. label .. ' is not a number ('
          .. tostring(value):sub(1, 30) .. '), ' .. what .. ' not updated')
      elseif type(line.multiplier) ~= 'number' then
        say(key .. 'multiplier', prefix .. 'multiplier of label ' .. label .. ' (' .. what
          .. ') is not a number, check the settings')
      else
        local svalue = format_value(value, line.multiplier)
        domoticz_updateDevice(idx, '', svalue)
        if verbose then
          log(prefix .. what .. ' (' .. label .. ') = ' .. svalue)
        end
      end
    end
  end
end

if not unmatched then
  main()
end
say_pending()
