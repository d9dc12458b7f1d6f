pub fn double(x: u32) -> u32 {
    let unused = x;
    x * 2
}

pub fn never_called() {}
