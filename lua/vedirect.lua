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
-- One line per Domoticz device:
--   [idx] = { label = 'NAME', multiplier = NUMBER },
-- idx        : the device's number in Domoticz. Find it in Setup > Devices, column "Idx".
--              Replace the placeholders 1, 2, 3, 4 with your own numbers.
-- label      : the VE.Direct field to read (exactly as the device sends it, e.g. 'V', 'SOC').
-- multiplier : the raw value is multiplied by this to get the unit Domoticz shows.
--              It also sets the decimals: 0.001 gives 3 decimals, 0.1 gives 1, 1 gives none.
-- Remove a line (or put -- in front of it) for a device you don't have.
local devices = {
  [1] = { label = 'V',   multiplier = 0.001 },  -- battery voltage, mV -> V   (Voltage sensor)
  [2] = { label = 'I',   multiplier = 0.001 },  -- battery current, mA -> A   (Ampere (1 phase) sensor)
  [3] = { label = 'CE',  multiplier = 0.001 },  -- consumed energy, mAh -> Ah (Custom sensor, unit Ah)
  [4] = { label = 'SOC', multiplier = 0.1 },    -- state of charge, per mille -> % (Percentage sensor)
}

-- Several Victron devices on one logger (vedirect.port.house=..., vedirect.port.solar=...): one block per
-- device name, and in it one line per value:
--   LABEL = { idx = IDX, multiplier = NUMBER },
-- A record from a device that has no block here uses the table above, so with one device nothing here
-- needs to change. Remove the -- in front of the lines to use the example.
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

-- The device's own block when it has one (its lines then start with its name), else the table above.
local device_name = domoticz_applyJsonPath(data, '.device')
local prefix = ''
if type(device_name) == 'string' and type(by_device[device_name]) == 'table' then
  local own = {}
  for label, target in pairs(by_device[device_name]) do
    if type(target) == 'table' and target.idx ~= nil then
      own[target.idx] = { label = label, multiplier = target.multiplier }
    else
      log(device_name .. ': the line of label ' .. tostring(label) .. ' has no idx, check the settings')
    end
  end
  devices = own
  prefix = device_name .. ': '
end

-- Sorted, so the log lines come in the same order every time.
local idxs = {}
for idx in pairs(devices) do
  idxs[#idxs + 1] = idx
end
table.sort(idxs)

local values = {}
local found = 0
for _, idx in ipairs(idxs) do
  local value = domoticz_applyJsonPath(data, '.' .. devices[idx].label)
  values[idx] = value
  if value ~= nil then
    found = found + 1
  end
end
-- Invalid or cut-off JSON gives nil for every label: one line says more than one per device.
if found == 0 then
  log(prefix .. 'none of the configured labels found; invalid or truncated JSON? ' .. data:sub(1, 60))
  return
end

for _, idx in ipairs(idxs) do
  local label = devices[idx].label
  local multiplier = devices[idx].multiplier
  local value = values[idx]
  if value == nil then
    log(prefix .. 'label ' .. label .. ' missing, device ' .. idx .. ' not updated')
  elseif type(value) ~= 'number' or value ~= value or value == math.huge or value == -math.huge then
    log(prefix .. 'label ' .. label .. ' is not a number (' .. tostring(value) .. '), device ' .. idx .. ' not updated')
  elseif type(multiplier) ~= 'number' then
    log(prefix .. 'multiplier of device ' .. idx .. ' is not a number, check the settings')
  else
    local svalue = format_value(value, multiplier)
    domoticz_updateDevice(idx, '', svalue)
    if verbose then
      log(prefix .. 'device ' .. idx .. ' (' .. label .. ') = ' .. svalue)
    end
  end
end
